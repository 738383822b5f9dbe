import type { Decider, DomainEvent } from '../../eventstore/command-handling.js';
import type { PoolEntity } from './draw.js';
import type { LineProblem, ParsedEntityCsv } from './entity-csv.js';
import { PlanningErrors } from './planning.errors.js';

/** The published directories a plan draws from, one stream each per agency. */
export const entityPoolStreamId = (agencyId: string): string => `entitypool-${agencyId}`;
export const checklistStreamId = (agencyId: string): string => `checklist-${agencyId}`;
export const recusalsStreamId = (agencyId: string): string => `recusals-${agencyId}`;

// --- The entity directory (名录库) -------------------------------------------------------------------------

export type EntityPoolEvent =
  | DomainEvent<
      'PoolEntitiesImported',
      { agencyId: string; entities: PoolEntity[]; added: number; updated: number; skippedLines: LineProblem[] }
    >
  | DomainEvent<'PoolEntityRemoved', { agencyId: string; creditCode: string; reason: string }>;

export interface EntityPool {
  readonly agencyId: string | null;
  /** By credit code. */
  readonly entities: Readonly<Record<string, PoolEntity>>;
}

export type EntityPoolCommand =
  | { readonly type: 'ImportEntities'; readonly agencyId: string; readonly parsed: ParsedEntityCsv; readonly skipInvalid: boolean }
  | { readonly type: 'RemoveEntity'; readonly agencyId: string; readonly creditCode: string; readonly reason: string };

export function evolveEntityPool(state: EntityPool, event: EntityPoolEvent): EntityPool {
  switch (event.type) {
    case 'PoolEntitiesImported': {
      const entities = { ...state.entities };
      for (const entity of event.data.entities) entities[entity.creditCode] = entity;
      return { agencyId: event.data.agencyId, entities };
    }
    case 'PoolEntityRemoved': {
      const { [event.data.creditCode]: _removed, ...entities } = state.entities;
      return { ...state, entities };
    }
    default: {
      void (event satisfies never);
      return state;
    }
  }
}

export function decideEntityPool(command: EntityPoolCommand, state: EntityPool): EntityPoolEvent[] {
  switch (command.type) {
    case 'ImportEntities': {
      const { parsed } = command;
      if (parsed.invalid.length > 0 && !command.skipInvalid) throw PlanningErrors.csvInvalid(parsed.invalid);
      if (parsed.entities.length === 0) throw PlanningErrors.nothingToImport();
      const entities = parsed.entities.map((e) => e.entity);
      const updated = entities.filter((e) => state.entities[e.creditCode] !== undefined).length;
      return [
        {
          type: 'PoolEntitiesImported',
          data: {
            agencyId: command.agencyId,
            entities,
            added: entities.length - updated,
            updated,
            skippedLines: [...parsed.invalid],
          },
        },
      ];
    }
    case 'RemoveEntity':
      if (!state.entities[command.creditCode]) throw PlanningErrors.entityNotFound(command.creditCode);
      return [{ type: 'PoolEntityRemoved', data: { agencyId: command.agencyId, creditCode: command.creditCode, reason: command.reason } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export const entityPoolDecider: Decider<EntityPoolCommand, EntityPoolEvent, EntityPool> = {
  decide: decideEntityPool,
  evolve: evolveEntityPool,
  initialState: () => ({ agencyId: null, entities: {} }),
};

// --- The published list of inspection items (抽查事项清单) ---------------------------------------------------

export interface InspectionItem {
  readonly itemId: string;
  readonly code: string;
  readonly title: string;
  /** No inspection without a legal basis (国办发〔2015〕58号). */
  readonly legalBasis: string;
  readonly sectors: readonly string[];
  readonly publishedAt: string;
}

export type ChecklistEvent =
  | DomainEvent<'InspectionItemPublished', Omit<InspectionItem, 'publishedAt'> & { agencyId: string; occurredAt: string }>
  | DomainEvent<'InspectionItemWithdrawn', { agencyId: string; itemId: string; reason: string; occurredAt: string }>;

export interface Checklist {
  readonly agencyId: string | null;
  readonly items: Readonly<Record<string, InspectionItem>>;
}

export type ChecklistCommand =
  | ({ readonly type: 'PublishItem'; readonly agencyId: string; readonly occurredAt: string } & Omit<InspectionItem, 'publishedAt'>)
  | { readonly type: 'WithdrawItem'; readonly agencyId: string; readonly itemId: string; readonly reason: string; readonly occurredAt: string };

export function evolveChecklist(state: Checklist, event: ChecklistEvent): Checklist {
  switch (event.type) {
    case 'InspectionItemPublished': {
      const { agencyId, occurredAt, ...item } = event.data;
      return { agencyId, items: { ...state.items, [item.itemId]: { ...item, publishedAt: occurredAt } } };
    }
    case 'InspectionItemWithdrawn': {
      const { [event.data.itemId]: _withdrawn, ...items } = state.items;
      return { ...state, items };
    }
    default: {
      void (event satisfies never);
      return state;
    }
  }
}

export function decideChecklist(command: ChecklistCommand, state: Checklist): ChecklistEvent[] {
  switch (command.type) {
    case 'PublishItem': {
      const { type: _type, ...data } = command;
      if (Object.values(state.items).some((item) => item.code === command.code)) throw PlanningErrors.itemCodeTaken(command.code);
      return [{ type: 'InspectionItemPublished', data: { ...data, sectors: [...data.sectors] } }];
    }
    case 'WithdrawItem': {
      if (!state.items[command.itemId]) throw PlanningErrors.itemNotFound(command.itemId);
      const { type: _type, ...data } = command;
      return [{ type: 'InspectionItemWithdrawn', data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export const checklistDecider: Decider<ChecklistCommand, ChecklistEvent, Checklist> = {
  decide: decideChecklist,
  evolve: evolveChecklist,
  initialState: () => ({ agencyId: null, items: {} }),
};

// --- Recusals: an inspector linked to an entity never inspects it ----------------------------------------

export interface RecusalRecord {
  readonly recusalId: string;
  readonly officerId: string;
  readonly creditCode: string;
  readonly reason: string;
  readonly recordedAt: string;
}

export type RecusalEvent =
  | DomainEvent<'RecusalRecorded', Omit<RecusalRecord, 'recordedAt'> & { agencyId: string; occurredAt: string }>
  | DomainEvent<'RecusalLifted', { agencyId: string; recusalId: string; reason: string; occurredAt: string }>;

export interface Recusals {
  readonly agencyId: string | null;
  readonly active: Readonly<Record<string, RecusalRecord>>;
}

export type RecusalCommand =
  | ({ readonly type: 'RecordRecusal'; readonly agencyId: string; readonly occurredAt: string; readonly officerAgencyId: string | null } & Omit<RecusalRecord, 'recordedAt'>)
  | { readonly type: 'LiftRecusal'; readonly agencyId: string; readonly recusalId: string; readonly reason: string; readonly occurredAt: string };

export function evolveRecusals(state: Recusals, event: RecusalEvent): Recusals {
  switch (event.type) {
    case 'RecusalRecorded': {
      const { agencyId, occurredAt, ...recusal } = event.data;
      return { agencyId, active: { ...state.active, [recusal.recusalId]: { ...recusal, recordedAt: occurredAt } } };
    }
    case 'RecusalLifted': {
      const { [event.data.recusalId]: _lifted, ...active } = state.active;
      return { ...state, active };
    }
    default: {
      void (event satisfies never);
      return state;
    }
  }
}

export function decideRecusals(command: RecusalCommand, state: Recusals): RecusalEvent[] {
  switch (command.type) {
    case 'RecordRecusal': {
      if (command.officerAgencyId !== command.agencyId) throw PlanningErrors.officerNotOfAgency(command.officerId);
      if (Object.values(state.active).some((r) => r.officerId === command.officerId && r.creditCode === command.creditCode)) {
        throw PlanningErrors.recusalExists(command.officerId, command.creditCode);
      }
      const { type: _type, officerAgencyId: _agency, ...data } = command;
      return [{ type: 'RecusalRecorded', data }];
    }
    case 'LiftRecusal': {
      if (!state.active[command.recusalId]) throw PlanningErrors.recusalNotFound(command.recusalId);
      const { type: _type, ...data } = command;
      return [{ type: 'RecusalLifted', data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export const recusalsDecider: Decider<RecusalCommand, RecusalEvent, Recusals> = {
  decide: decideRecusals,
  evolve: evolveRecusals,
  initialState: () => ({ agencyId: null, active: {} }),
};
