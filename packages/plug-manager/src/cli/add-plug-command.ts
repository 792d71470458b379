import { addPlug } from "../sync/add-plug.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function addPlugCommand(root: string, spec: string, deployment: string, id: string | undefined, yes?: boolean): Promise<void> {
  await addPlug({ root, deployment, spec, id, yes, log: say, from: process.env.INIT_CWD ?? process.cwd() });
  say(`added ${spec} to ${deployment}`);
}
