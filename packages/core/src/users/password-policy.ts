import { dictionary } from "@zxcvbn-ts/language-common";
import type { z } from "zod";
import { validationFailed } from "../errors.js";
import { CareRefusal } from "../refusal.js";

export const minimumPasswordLength = 12;

let common: Set<string> | undefined;
/** zxcvbn's list of about 49,000 passwords seen most in real breaches; built into a set on first use. */
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"]));

/**
 * The forms of a password an attacker's list would try: as typed in lower case, without spaces,
 * without the digits and symbols people add at either end ("Summer2024!"), and the unit of a
 * repetition ("qwertyqwerty").
 */
function guessableForms(password: string): string[] {
  const lower = password.normalize("NFKC").toLowerCase();
  const joined = lower.replace(/\s+/g, "");
  const core = joined.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  const forms = [lower, joined, core];
  for (const form of [joined, core]) {
    const unit = /^(.+?)\1+$/u.exec(form)?.[1];
    if (unit) forms.push(unit);
  }
  return forms.filter((form) => form.length > 0);
}

/** Why `password` is refused, or `undefined` when it is acceptable. Never repeats the password. */
export function passwordWeakness(password: string): string | undefined {
  if ([...password].length < minimumPasswordLength) {
    return `is too short: use at least ${minimumPasswordLength} characters (a few unrelated words make a good one)`;
  }
  const list = commonPasswords();
  if (guessableForms(password).some((form) => list.has(form))) {
    return (
      "is a commonly used password (or one with digits or symbols added): attackers try these first; " +
      "choose a passphrase of a few unrelated words"
    );
  }
  return undefined;
}

const weakPassword = (weakness: string, path: string) =>
  new CareRefusal(400, "password_too_weak", `the password ${weakness}`, [{ path, message: weakness }]);

/** Refuses a weak password with `password_too_weak`, naming where it was given and why. */
export function assertStrongPassword(password: string, path = "password"): void {
  const weakness = passwordWeakness(password);
  if (weakness) throw weakPassword(weakness, path);
}

/** For a schema's password field: a weak password is one more issue, listed with the others. */
export function checkPasswordPolicy(password: string, context: z.core.$RefinementCtx<string>): void {
  const weakness = passwordWeakness(password);
  if (weakness) context.addIssue({ code: "custom", message: weakness, params: { passwordPolicy: true } });
}

/**
 * Parses like `parseInput`, but when the password policy is the only problem, refuses with
 * `password_too_weak` rather than `validation_failed`; with other problems, all are listed together.
 */
export function parseWithPasswordPolicy<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const fromPolicy = (issue: z.core.$ZodIssue) => issue.code === "custom" && issue.params?.passwordPolicy === true;
  if (issues.every(fromPolicy)) throw weakPassword(issues[0]!.message, issues[0]!.path.map(String).join("."));
  throw validationFailed(where, issues);
}
