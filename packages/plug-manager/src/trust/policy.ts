import { parsePublicKeyLine, SshFormatError } from "@care/runtime/check-tooling";
import semver from "semver";
import { z } from "zod";

/** Where a plug came from, as the trust policy's `unsigned` list names it. */
export type SourceKind = "workspace" | "registry" | "file" | "git";
export const sourceKinds = ["workspace", "registry", "file", "git"] as const;

/**
 * The `trust` block of plug.config.ts, as written (every field optional). Without it, or with a
 * field left out: no trusted publishers, only workspace plugs may be unsigned, nothing revoked.
 */
export interface TrustPolicy {
  /** Trusted publisher keys by name: the line of their `.pub` file, `ssh-ed25519 AAAA... comment`. */
  publishers?: Record<string, string>;
  /** Sources whose plugs may be unsigned (default ["workspace"]). */
  unsigned?: SourceKind[];
  revoked?: {
    /** Publisher names, or `SHA256:<fingerprint>`s (as `ssh-keygen -l` prints), no longer accepted. */
    keys?: string[];
    /** `<package>@<semver range>`, e.g. `@care-plugs/lab@<1.2.3`, no longer accepted from anyone. */
    versions?: string[];
  };
}

/** The policy with its defaults filled in. */
export type ResolvedTrustPolicy = Required<TrustPolicy> & { revoked: { keys: string[]; versions: string[] } };

export const defaultUnsigned: SourceKind[] = ["workspace"];

export function resolveTrustPolicy(policy: TrustPolicy | undefined): ResolvedTrustPolicy {
  return {
    publishers: policy?.publishers ?? {},
    unsigned: policy?.unsigned ?? defaultUnsigned,
    revoked: { keys: policy?.revoked?.keys ?? [], versions: policy?.revoked?.versions ?? [] },
  };
}

/** `@scope/pkg@<range>` → its package name and range; undefined when it is not that. */
export function parseRevokedVersion(text: string): { packageName: string; range: string } | undefined {
  const at = text.indexOf("@", 1);
  if (at <= 0) return undefined;
  const range = text.slice(at + 1);
  if (semver.validRange(range) === null) return undefined;
  return { packageName: text.slice(0, at), range };
}

const publisherName = /^[A-Za-z0-9][\w .-]{0,63}$/;

export const trustPolicySchema = z
  .strictObject({
    publishers: z
      .record(
        z.string().regex(publisherName, "a publisher name is 1-64 letters, digits, spaces, '.', '_' or '-'"),
        z.string().superRefine((line, context) => {
          try {
            parsePublicKeyLine(line);
          } catch (error) {
            if (!(error instanceof SshFormatError)) throw error;
            context.addIssue({
              code: "custom",
              message: `is not a usable publisher key: ${error.message}; paste the publisher's .pub file line`,
            });
          }
        }),
      )
      .optional(),
    unsigned: z.array(z.enum(sourceKinds, { error: `each is one of ${sourceKinds.join(", ")}` })).optional(),
    revoked: z
      .strictObject({
        keys: z.array(z.string().min(1)).optional(),
        versions: z
          .array(
            z
              .string()
              .refine((text) => parseRevokedVersion(text) !== undefined, 'write "<package>@<semver range>", e.g. "@care-plugs/lab@<1.2.3"'),
          )
          .optional(),
      })
      .optional(),
  })
  .superRefine((policy, context) => {
    // A revoked key named by a publisher name that is not listed is a typo that revokes nothing.
    (policy.revoked?.keys ?? []).forEach((key, index) => {
      if (!key.startsWith("SHA256:") && !(key in (policy.publishers ?? {}))) {
        context.addIssue({
          code: "custom",
          path: ["revoked", "keys", index],
          message: `"${key}" is neither a publisher listed in trust.publishers nor a SHA256:<fingerprint> (as ssh-keygen -l prints it)`,
        });
      }
    });
  });
