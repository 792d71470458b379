import { join } from "node:path";
import { afterAll, it } from "vitest";
import { type Api, countLoss, serve, WriteLoad } from "../src/api.js";
import { cleanUp, sleep, startProcess, writeDeployment } from "../src/deployment.js";
import { scenario } from "../src/figures.js";
import { scratchDir } from "../src/scratch.js";

/** Each trial: a second process on the folder of a first one under write load, then a clean restart. */
const trials = 3;

afterAll(cleanUp);

it("a second process on a PGlite folder in use refuses to start, naming the folder and the holder; nothing is lost", async () => {
  await scenario({ order: 5, scenario: "two processes on one PGlite folder", database: "PGlite" }, async (row, checks) => {
    const main = await writeDeployment("shared");
    const dataDir = join(await scratchDir(), "shared-data");
    const env = { CARE_DATA_DIR: dataDir };
    let { deployment, api } = await serve(main, env);
    const facilityId = await api.createFacility("Shared Ward");
    let target: Api | undefined = api;
    const load = new WriteLoad(() => [target], facilityId, "shared");
    let refused = 0;
    let kept = 0;
    const refusals: string[] = [];
    const everMissing = new Set<string>();

    for (let trial = 1; trial <= trials; trial += 1) {
      row.trials = trial;
      load.start(2);
      await sleep(500);
      const second = startProcess(main, env);
      const code = await second.exitWithin(60_000);
      const output = (second.stdout + second.stderr).trim();
      if (code === undefined) {
        // It runs on a folder another process has open: stop it before it does more harm.
        await second.kill();
        checks.check(
          false,
          `trial ${trial}: the second process exits`,
          `still running after 60 s${/is running at/.test(output) ? ", serving" : ""}`,
        );
      } else {
        const named = output.includes(dataDir) && output.includes(String(deployment.pid));
        if (code !== 0 && named) refused += 1;
        checks.check(code !== 0 && code !== null, `trial ${trial}: the second process exits non-zero`, code);
        checks.check(output.includes(dataDir), `trial ${trial}: its message names the folder`, output.split("\n").slice(-2).join(" ⏎ "));
        checks.check(
          output.includes(String(deployment.pid)),
          `trial ${trial}: its message names the holder's pid (${deployment.pid})`,
          output.split("\n").slice(-2).join(" ⏎ "),
        );
        refusals.push(/could not start: (\w+)/.exec(output)?.[1] ?? `exit ${code}`);
      }
      await sleep(500);
      const acknowledgedBefore = load.acknowledged.size;
      await sleep(1000);
      const stillServing = deployment.running && load.acknowledged.size > acknowledgedBefore;
      if (stillServing) kept += 1;
      checks.check(stillServing, `trial ${trial}: the first process kept serving writes`, {
        running: deployment.running,
        outcomes: load.summary(),
      });
      await load.stop();
      checks.check((await deployment.terminate()) === 0, `trial ${trial}: the first process stops with exit code 0`, deployment.exitCode);
      row.acknowledged = load.acknowledged.size;

      target = undefined;
      try {
        ({ deployment, api } = await serve(main, env));
      } catch (error) {
        checks.check(
          false,
          `trial ${trial}: the folder opens again afterwards`,
          (error as Error).message.split("\n").slice(0, 6).join(" ⏎ "),
        );
        break;
      }
      target = api;
      const { lost, duplicated } = countLoss(load.acknowledged, await api.patients(facilityId));
      for (const id of lost) everMissing.add(id);
      row.lost = everMissing.size;
      row.duplicated = duplicated;
      checks.check(lost.length === 0, `trial ${trial}: every acknowledged write is there after a restart`, `${lost.length} missing`);
    }

    row.recovered = `second process refused ${refused}/${trials}, first kept serving ${kept}/${trials}`;
    row.notes = [
      "2 writers on the first process; a second process started on the same folder; then SIGTERM and a restart",
      `second process: ${refusals.length ? refusals.join(", ") : "never exited"}`,
      `writes: ${load.summary()}`,
    ];
    if (deployment.running) checks.check((await deployment.terminate()) === 0, "SIGTERM at the end exits 0", deployment.exitCode);
  });
});
