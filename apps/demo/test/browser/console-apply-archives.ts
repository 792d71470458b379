import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { care, runIn } from "./console-apply-site.js";

/** The plug the test publishes: `care plug new`'s scaffold, with one route added that writes. */
export const plug = { id: "vital_signs", package: "@care-plugs/vital_signs", tab: "Vital signs" } as const;

/** A publisher's ed25519 key, made by the real ssh-keygen. */
export interface Publisher {
  name: string;
  privateKey: string;
  /** The .pub line a site pastes into trust.publishers. */
  publicKey: string;
}

/** The three archives an administrator drops. */
export interface PlugArchives {
  /** 0.1.0, signed by the publisher. */
  signed: string;
  /** 0.2.0, signed: its upgrade step renames a column its code still reads at start. */
  brokenUpgrade: string;
  /** `signed` with one byte changed. */
  tampered: string;
}

export function makePublisher(dir: string, name: string): Publisher {
  const privateKey = join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${name} publisher key`, "-f", privateKey]);
  return { name, privateKey, publicKey: execFileSync("ssh-keygen", ["-y", "-f", privateKey], { encoding: "utf8" }).trim() };
}

/**
 * As the plug's publisher does in their own workspace (here the site's copy, which the plug's sources
 * then leave: a site receives only the archives): scaffolds the plug, packs and signs 0.1.0, then
 * makes and signs 0.2.0 with a broken upgrade, and a tampered copy of 0.1.0.
 */
export async function publishArchives(root: string, publisher: Publisher, out: string): Promise<PlugArchives> {
  const dir = join(root, "plugs", plug.id);
  await care(root, ["plug", "new", plug.id]);
  await runIn(root, "pnpm", ["install", "--offline", "--no-frozen-lockfile"]);
  await editManifest(dir, (manifest) => {
    manifest.description = "Vital signs: notes on each patient's pulse and blood pressure, on a tab of the patient's page";
  });
  await writeFile(join(dir, "src/routes/add-patient-note.ts"), addNoteRoute);
  await edit(join(dir, "src/index.ts"), [
    ['import { listPatientNotes } from "./routes/list-patient-notes.js";', addNoteImport],
    ["routes: [listPatientNotes],", "routes: [listPatientNotes, addPatientNote],"],
  ]);
  const pack = async () => {
    await runIn(root, "pnpm", ["turbo", "run", "build", `--filter=${plug.package}`, "--output-logs=errors-only"]);
    await care(root, ["pack", `plugs/${plug.id}`, "-o", out, "--sign", publisher.privateKey]);
  };
  await pack();
  await breakUpgrade(dir);
  await pack();
  const signed = join(out, "care-plugs-vital_signs-0.1.0.tgz");
  const tampered = join(out, "tampered", "care-plugs-vital_signs-0.1.0.tgz");
  await mkdir(join(out, "tampered"));
  const bytes = await readFile(signed);
  bytes[bytes.length >> 1]! ^= 0xff;
  await writeFile(tampered, bytes);
  // The publisher's sources leave the site's repository, which is installed again without them.
  await rename(dir, join(out, "sources"));
  await rm(join(root, `.changeset/${plug.id}-new-plug.md`));
  await runIn(root, "pnpm", ["install", "--offline", "--no-frozen-lockfile"]);
  return { signed, brokenUpgrade: join(out, "care-plugs-vital_signs-0.2.0.tgz"), tampered };
}

/**
 * 0.2.0 renames the notes' column in SQL (an upgrade step that runs, with install.sql and the
 * baseline kept consistent, so every build-time check passes) but its start hook still reads the old
 * name: the migration succeeds and the new release cannot start.
 */
async function breakUpgrade(dir: string): Promise<void> {
  const migrations = join(dir, "migrations");
  await mkdir(join(migrations, "baseline"));
  await mkdir(join(migrations, "upgrade"));
  await copyFile(join(migrations, "install.sql"), join(migrations, "baseline/0.1.0.sql"));
  await writeFile(join(migrations, "upgrade/0.1.0_0.2.0.sql"), "alter table patient_notes rename column note to body;\n");
  await edit(join(migrations, "install.sql"), [["  note text not null,", "  body text not null,"]]);
  await editManifest(dir, (manifest) => {
    manifest.version = "0.2.0";
    manifest.care.plug.hooks = ["start"];
  });
  await edit(join(dir, "src/index.ts"), [["routes: [listPatientNotes, addPatientNote],", `$&\n${startHook}`]]);
}

/** Rewrites the plug's package.json (the scaffold writes it as JSON.stringify(…, null, 2) does). */
async function editManifest(dir: string, change: (manifest: PlugManifest) => void): Promise<void> {
  const file = join(dir, "package.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as PlugManifest;
  change(manifest);
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

interface PlugManifest {
  version: string;
  description: string;
  care: { plug: { hooks: string[] } };
}

async function edit(file: string, replacements: Array<[string, string]>): Promise<void> {
  let text = await readFile(file, "utf8");
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: the scaffold changed, update this test`);
    text = text.replace(from, to);
  }
  await writeFile(file, text);
}

const addNoteImport = `$&\nimport { addPatientNote } from "./routes/add-patient-note.js";`;

const addNoteRoute = `import { newId } from "@care/plug-sdk";
import { z } from "zod";
import { vitalSigns } from "../plug.js";

/** POST /api/plugs/vital_signs/patients/:patientId/notes {note} → 201 {id}: a note written by a user. */
export const addPatientNote = vitalSigns.route.post(
  "/patients/:patientId/notes",
  {
    summary: "Add a note to a patient",
    params: z.object({ patientId: z.uuid() }),
    body: z.object({ note: z.string().trim().min(1).max(500) }),
    responses: { 201: z.object({ id: z.uuid() }) },
  },
  async ({ params, body }, context) => {
    const patient = await context.core.patients.get(params.patientId);
    const id = newId();
    await context.db
      .insertInto("patient_notes")
      .values({ id, patient_id: patient.id, facility_id: patient.facilityId, note: body.note })
      .execute();
    return { id };
  },
);
`;

const startHook = `  hooks: {
    // Reads the column by its old name: the upgrade step renamed it.
    async start(context) {
      await context.db.selectFrom("patient_notes").select("note").limit(1).execute();
    },
  },`;
