/** The parts of an OpenAPI 3.1 document the tests read. */
export interface ApiOperation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}

export interface ApiDocument {
  openapi: string;
  security?: unknown[];
  paths: Record<string, Record<string, ApiOperation>>;
}

/** Every operation, keyed `<method> <path>` as the document writes them (`get /api/v1/patients/{id}`). */
export function operationsOf(document: ApiDocument): Array<{ key: string; method: string; path: string; operation: ApiOperation }> {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, method, path, operation })),
  );
}
