/** One thing wrong with a request: where (a field path such as `identifiers.0.value`) and what. */
export interface ErrorDetail {
  path: string;
  message: string;
}
