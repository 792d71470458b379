/**
 * Shorter secrets are refused at config time: every log line has each secret value replaced, and
 * a value of a few characters ("eu", "5") would blank out ordinary words and numbers everywhere.
 */
export const minimumSecretLength = 8;

export const secretMark = "[secret]";

/**
 * The resolved secret values of a deployment, and the one place that replaces them in text. A value
 * is looked for as it is, and as it reads inside a JSON string once and twice encoded (a quote or
 * backslash in it is escaped there), so a log line or a JSON body holding it is caught as well.
 */
export class SecretValues {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers strings of at least `minimumSecretLength` characters; shorter ones are left out (see above). */
  add(values: Iterable<unknown>): void {
    for (const value of values) {
      if (typeof value !== "string" || value.length < minimumSecretLength || this.values.has(value)) continue;
      this.values.add(value);
      this.pattern = undefined;
    }
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= patternOf(this.values);
    return text.replace(this.pattern, secretMark);
  }

  /** A copy of `value` (an error body, a health answer) with every string redacted. */
  redactDeep<T>(value: T): T {
    if (this.values.size === 0) return value;
    return deepMap(value, (text) => this.redact(text)) as T;
  }
}

function patternOf(values: Set<string>): RegExp {
  const forms = new Set<string>();
  for (const value of values) {
    const once = JSON.stringify(value).slice(1, -1);
    forms.add(value).add(once).add(JSON.stringify(once).slice(1, -1));
  }
  // Longest first, so a secret holding another is replaced whole.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(alternatives.join("|"), "g");
}

function deepMap(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => deepMap(item, map));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deepMap(item, map)]));
  }
  return value;
}
