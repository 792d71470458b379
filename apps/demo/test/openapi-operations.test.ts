import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { operationsOf, type ApiDocument, type ApiOperation } from "./api-document.js";
import { fixtures, type Call, type Seeded } from "./openapi-fixtures.js";
import { useDemo } from "./start-demo.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
formats.default(ajv);

const seeder = { kind: "system" as const, name: "openapi-test" };

describe("every operation of the demo's OpenAPI document", () => {
  const demo = useDemo();
  let document: ApiDocument;
  let seeded: Seeded;

  beforeAll(async () => {
    document = (await (await fetch(`${demo.url}/api/openapi.json`)).json()) as ApiDocument;
    const { core } = demo.running;
    const facility = await core.facilities.create(seeder, { name: "OpenAPI Dispensary", kind: "clinic" });
    const user = await core.users.create(seeder, {
      username: "openapi.doctor",
      displayName: "OpenAPI Doctor",
      password: "amber meadow violin thunder",
      roles: ["doctor"],
      facilityIds: [facility.id],
    });
    const patient = await core.patients.create(seeder, {
      facilityId: facility.id,
      name: "Neema Openapi",
      birthDate: "1994-03-08",
      sex: "female",
    });
    const encounter = await core.encounters.create(seeder, { patientId: patient.id, kind: "outpatient", status: "in_progress" });
    const order = async () => {
      const answer = await send(`/api/plugs/lab/encounters/${encounter.id}/orders`, "POST", {
        testCode: "FBC",
        testName: "Full blood count",
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return (answer.body as { id: string }).id;
    };
    seeded = {
      url: demo.url,
      facilityId: facility.id,
      userId: user.id,
      patientId: patient.id,
      encounterId: encounter.id,
      orderId: await order(),
      orderToCancelId: await order(),
    };
  });

  async function send(path: string, method: string, body?: unknown, token: string | null = demo.token) {
    const answer = await fetch(`${demo.url}${path}`, {
      method,
      headers: {
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    return {
      status: answer.status,
      type: answer.headers.get("content-type") ?? "",
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  }

  it("has a fixture for each operation, and no fixture for an operation it lacks", () => {
    const keys = operationsOf(document).map((operation) => operation.key);
    expect(
      keys.filter((key) => !fixtures[key]),
      "operations without a fixture in openapi-fixtures.ts",
    ).toEqual([]);
    expect(
      Object.keys(fixtures).filter((key) => !keys.includes(key)),
      "fixtures of operations the document lacks",
    ).toEqual([]);
  });

  it("answers one valid call of each operation with a documented status and a body its response schema accepts", async () => {
    const failures: string[] = [];
    for (const { key, method, path, operation } of operationsOf(document)) {
      const fixture = fixtures[key];
      if (!fixture) continue; // Reported by the test above.
      const call = await fixture(seeded);
      const answer = await send(urlOf(path, call), method.toUpperCase(), call.body, call.token === undefined ? demo.token : call.token);
      const problem = mismatch(operation, call, answer);
      if (problem) failures.push(`${key}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});

function urlOf(path: string, call: Call): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? `{${name}}`));
  const query = new URLSearchParams(call.query ?? {}).toString();
  return query ? `${filled}?${query}` : filled;
}

/** Why the answer is not what the document says, or undefined when it is. */
function mismatch(operation: ApiOperation, call: Call, answer: { status: number; type: string; body: unknown }): string | undefined {
  if (answer.status !== call.status) return `answered ${answer.status}, the fixture expects ${call.status}: ${JSON.stringify(answer.body)}`;
  const documented = operation.responses[String(answer.status)];
  if (!documented) return `answered ${answer.status}, which the document does not list (${Object.keys(operation.responses).join(", ")})`;
  const schema = documented.content?.["application/json"]?.schema;
  if (!schema)
    return answer.body === undefined ? undefined : `answered a body where the document says none: ${JSON.stringify(answer.body)}`;
  if (!answer.type.startsWith("application/json")) return `answered ${answer.type}, not JSON`;
  const validate = ajv.compile(schema);
  return validate(answer.body)
    ? undefined
    : `body does not match its schema: ${ajv.errorsText(validate.errors)}; body ${JSON.stringify(answer.body)}`;
}
