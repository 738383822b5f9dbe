/**
 * Which event types carry personal data of natural persons, where in their payload, and whose it is. The store
 * seals the declared fields at append and opens them on every read, so one declaration is all an event type needs.
 */
export type PersonObject = Readonly<Record<string, unknown>>;

export interface EventContext {
  readonly streamId: string;
  readonly data: unknown;
}

export interface PersonalDataDeclaration {
  readonly eventType: string;
  /**
   * Dotted path to the object that holds a person's fields; `[]` steps into every element of an array, and `''` is
   * the payload itself (the free texts of an event).
   */
  readonly path: string;
  /** The data subject of the object at the path; null when it is no natural person (an organisation party). */
  readonly subject: (person: PersonObject, event: EventContext) => string | null;
  /** The record (stream) whose retention keeps this person's data, e.g. the case of a review. */
  readonly record: (event: EventContext) => string;
  /** The personal fields, each with what it reads as once erased. */
  readonly fields: Readonly<Record<string, string | null>>;
}

/** A person found in a payload, with a way to put a changed copy of its object back. */
export interface PersonAt {
  readonly declaration: PersonalDataDeclaration;
  readonly subject: string;
  readonly person: PersonObject;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rewrites every object at `segments` of `value` with `change`, leaving everything else shared and untouched. */
function rewriteAt(value: unknown, segments: readonly string[], change: (person: PersonObject) => PersonObject): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return isObject(value) ? change(value) : value;
  if (head === '[]') return Array.isArray(value) ? value.map((item) => rewriteAt(item, rest, change)) : value;
  if (!isObject(value) || !(head in value)) return value;
  return { ...value, [head]: rewriteAt(value[head], rest, change) };
}

export class PersonalDataRegistry {
  private readonly byType = new Map<string, PersonalDataDeclaration[]>();

  constructor(declarations: readonly PersonalDataDeclaration[] = []) {
    declarations.forEach((declaration) => this.declare(declaration));
  }

  declare(declaration: PersonalDataDeclaration): this {
    const list = this.byType.get(declaration.eventType) ?? [];
    list.push(declaration);
    this.byType.set(declaration.eventType, list);
    return this;
  }

  declares(eventType: string): boolean {
    return this.byType.has(eventType);
  }

  /**
   * The data with each declared person object replaced by `change(found)`; `change` returning the object itself
   * leaves it as it was. Objects whose subject is null are not persons and are left alone.
   */
  rewrite(eventType: string, event: EventContext, change: (found: PersonAt) => PersonObject): unknown {
    let data = event.data;
    for (const declaration of this.byType.get(eventType) ?? []) {
      data = rewriteAt(data, declaration.path === '' ? [] : declaration.path.split('.'), (person) => {
        const subject = declaration.subject(person, event);
        return subject === null ? person : change({ declaration, subject, person });
      });
    }
    return data;
  }

  /** Every person of an event: its subject, and the record that keeps it. */
  subjectsOf(eventType: string, event: EventContext): { subject: string; record: string }[] {
    const found: { subject: string; record: string }[] = [];
    this.rewrite(eventType, event, ({ declaration, subject, person }) => {
      found.push({ subject, record: declaration.record(event) });
      return person;
    });
    return found;
  }
}
