import { z } from "zod";
import { flags, orderStatuses, priorities } from "./vocabulary.js";

/** POST /encounters/:encounterId/orders */
export const orderInput = z.strictObject({
  /** The lab's code for the test; stored upper case ("fbc" is FBC). */
  testCode: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a test code is letters, digits, '_', '.' or '-', e.g. FBC or HBA1C")
    .transform((code) => code.toUpperCase()),
  testName: z.string().trim().min(1).max(200),
  priority: z.enum(priorities).default("routine"),
});

const referenceRange = z
  .strictObject({ low: z.number().finite().optional(), high: z.number().finite().optional() })
  .refine((range) => range.low !== undefined || range.high !== undefined, { message: "give low, high or both" })
  .refine((range) => range.low === undefined || range.high === undefined || range.low <= range.high, {
    message: "must not be below low",
    path: ["high"],
  });

/** POST /orders/:orderId/result */
export const resultInput = z.strictObject({
  /** A number (5.4) or a finding ("positive"); kept as text. */
  value: z.union([z.string().trim().min(1).max(500), z.number().finite().transform(String)]),
  unit: z.string().trim().min(1).max(32).optional(),
  referenceRange: referenceRange.optional(),
  /** Computed from a numeric value and the reference range when not given. */
  flag: z.enum(flags).optional(),
});
export type ResultInput = z.output<typeof resultInput>;

/** POST /orders/:orderId/cancel */
export const cancelInput = z.strictObject({
  reason: z.string().trim().min(1).max(500).optional(),
});

/** GET /patients/:patientId/orders */
export const listQuery = z.object({
  status: z.enum(orderStatuses).optional(),
  encounterId: z.uuid().optional(),
});

const numeric = /^[-+]?[0-9]+(\.[0-9]+)?$/;

/** The flag to store: the one given, else low/normal/high for a numeric value against its range. */
export function flagOf(input: ResultInput): (typeof flags)[number] | null {
  if (input.flag) return input.flag;
  const range = input.referenceRange;
  if (!range || !numeric.test(input.value)) return null;
  const value = Number(input.value);
  if (range.low !== undefined && value < range.low) return "low";
  if (range.high !== undefined && value > range.high) return "high";
  return "normal";
}
