import { randomUUID } from 'node:crypto';

/** The parts of the OpenAPI document (built by the running app from its DTOs) that the abuse suites read. */
export interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface OpenApiDocument {
  readonly paths: Readonly<
    Record<string, Readonly<Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>>
  >;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}

/** `/api/cases/:caseId/hazards` as OpenAPI writes it: `/api/cases/{caseId}/hazards`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  const [only] = schema.allOf ?? [];
  if (only) return resolve(doc, only);
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`the OpenAPI document has no schema ${name}`);
  return resolve(doc, target);
}

/** The request body schema of a route, or null for a route that takes no body. */
export function bodySchema(doc: OpenApiDocument, method: string, expressPath: string): Schema | null {
  const operation = doc.paths[openApiPath(expressPath)]?.[method.toLowerCase()];
  const schema = operation?.requestBody?.content?.['application/json']?.schema;
  return schema ? resolve(doc, schema) : null;
}

/** Every property name in a schema and the schemas it nests. */
export function propertyNames(doc: OpenApiDocument, schema: Schema, seen = new Set<Schema>()): string[] {
  const resolved = resolve(doc, schema);
  if (seen.has(resolved)) return [];
  seen.add(resolved);
  const own = Object.keys(resolved.properties ?? {});
  const nested = Object.values(resolved.properties ?? {}).flatMap((property) =>
    propertyNames(doc, property.items ?? property, seen),
  );
  return [...own, ...nested];
}

/**
 * A body that passes validation, built from the schema's examples: required properties only, each from its
 * `example`, its first `enum` value or a plain value of its type; `overrides` by property name win.
 */
export function exampleBody(doc: OpenApiDocument, schema: Schema, overrides: Readonly<Record<string, unknown>>): unknown {
  const resolved = resolve(doc, schema);
  if (resolved.example !== undefined && resolved.type !== 'object') return resolved.example;
  if (resolved.enum && resolved.enum.length > 0) return resolved.enum[0];
  switch (resolved.type) {
    case 'string':
      if (resolved.format === 'date') return '2026-03-02';
      if (resolved.format === 'uuid') return randomUUID();
      return 'x';
    case 'number':
    case 'integer':
      return resolved.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return resolved.items ? [exampleBody(doc, resolved.items, overrides)] : [];
    default: {
      const body: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(resolved.properties ?? {})) {
        if (name in overrides) {
          if (overrides[name] !== undefined) body[name] = overrides[name];
        } else if (resolved.required?.includes(name)) {
          body[name] = exampleBody(doc, property, overrides);
        }
      }
      return body;
    }
  }
}
