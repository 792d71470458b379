import type {
  ColumnEntry,
  ConstraintEntry,
  FunctionEntry,
  IndexEntry,
  SchemaCatalog,
  SequenceEntry,
  TableEntry,
  TriggerEntry,
  TypeEntry,
  ViewEntry,
} from "./schema-catalog.js";

/** How each side is named in a sentence: "in install.sql", "after the upgrade chain". */
export interface Sides {
  a: string;
  b: string;
}

/** One property of an object, as a sentence says it: `is` + `text`, `defaults to` + `now()`. */
interface Fact {
  verb: string;
  value: string;
  /** When this differs, the other facts are not worth comparing (a table that became a view). */
  decisive?: boolean;
  /** Only said when no fact before it differed: the whole definition, after its parts. */
  fallback?: boolean;
}

interface Item {
  key: string;
  /** `table orders: ` for what belongs to a table. */
  scope: string;
  noun: string;
  /** The noun when a decisive fact differs, e.g. `constraint` rather than `foreign key`. */
  genericNoun?: string;
  name: string;
  facts: Fact[];
  /** Said after "exists only in ...", e.g. an index's definition. */
  detail?: string;
  /** What the object is apart from its name, to recognise one that was only renamed. */
  shape?: string;
}

/**
 * The differences between two catalogs of the same schema, each as a sentence, e.g.
 * `table results: column unit is text in install.sql but varchar(20) after the upgrade chain`.
 */
export function compareCatalogs(a: SchemaCatalog, b: SchemaCatalog, sides: Sides): string[] {
  const out: string[] = [];
  const tablesA = new Map(a.tables.map((table) => [table.name, table]));
  const tablesB = new Map(b.tables.map((table) => [table.name, table]));
  const byTable = <T extends { table: string }>(entries: T[], table: string) => entries.filter((entry) => entry.table === table);

  for (const name of sortedUnion(tablesA.keys(), tablesB.keys())) {
    const tableA = tablesA.get(name);
    const tableB = tablesB.get(name);
    if (!tableA || !tableB) {
      out.push(`table ${name} exists only ${tableA ? sides.a : sides.b}`);
      continue;
    }
    diffItems([tableItem(tableA)], [tableItem(tableB)], sides, out);
    const columnsA = byTable(a.columns, name);
    const columnsB = byTable(b.columns, name);
    diffItems(columnsA.map(columnItem), columnsB.map(columnItem), sides, out);
    diffColumnOrder(name, columnsA, columnsB, sides, out);
    diffItems(byTable(a.constraints, name).map(constraintItem), byTable(b.constraints, name).map(constraintItem), sides, out, {
      renames: true,
    });
    diffItems(byTable(a.indexes, name).map(indexItem), byTable(b.indexes, name).map(indexItem), sides, out, { renames: true });
    diffItems(byTable(a.triggers, name).map(triggerItem), byTable(b.triggers, name).map(triggerItem), sides, out);
  }

  diffItems(a.sequences.map(sequenceItem), b.sequences.map(sequenceItem), sides, out);
  const viewsA = new Set(a.views.map((view) => view.name));
  const viewsB = new Set(b.views.map((view) => view.name));
  diffItems(a.views.map(viewItem), b.views.map(viewItem), sides, out);
  // Indexes of materialized views and triggers of views; not when the view itself is one-sided.
  const onViewInBoth = (entry: { table: string }) =>
    !tablesA.has(entry.table) && !tablesB.has(entry.table) && viewsA.has(entry.table) && viewsB.has(entry.table);
  diffItems(a.indexes.filter(onViewInBoth).map(indexItem), b.indexes.filter(onViewInBoth).map(indexItem), sides, out, { renames: true });
  diffItems(a.triggers.filter(onViewInBoth).map(triggerItem), b.triggers.filter(onViewInBoth).map(triggerItem), sides, out);
  diffItems(a.functions.map(functionItem), b.functions.map(functionItem), sides, out);
  diffItems(a.types.map(typeItem), b.types.map(typeItem), sides, out);
  return out;
}

function diffItems(itemsA: Item[], itemsB: Item[], sides: Sides, out: string[], options: { renames?: boolean } = {}): void {
  const mapA = new Map(itemsA.map((item) => [item.key, item]));
  const mapB = new Map(itemsB.map((item) => [item.key, item]));
  const onlyA: Item[] = [];
  const onlyB: Item[] = [];
  for (const key of sortedUnion(mapA.keys(), mapB.keys())) {
    const itemA = mapA.get(key);
    const itemB = mapB.get(key);
    if (!itemB) onlyA.push(itemA!);
    else if (!itemA) onlyB.push(itemB);
    else diffFacts(itemA, itemB, sides, out);
  }
  for (const itemA of onlyA) {
    const renamed = options.renames
      ? onlyB.find((itemB) => itemB.shape !== undefined && itemB.shape === itemA.shape && itemB.noun === itemA.noun)
      : undefined;
    if (renamed) {
      onlyB.splice(onlyB.indexOf(renamed), 1);
      out.push(
        `${itemA.scope}${itemA.noun} ${itemA.name} ${sides.a} is named ${renamed.name} ` +
          `${sides.b}${itemA.detail ? ` (${itemA.detail})` : ""}`,
      );
    } else {
      out.push(`${itemA.scope}${itemA.noun} ${itemA.name} exists only ${sides.a}${itemA.detail ? ` (${itemA.detail})` : ""}`);
    }
  }
  for (const itemB of onlyB)
    out.push(`${itemB.scope}${itemB.noun} ${itemB.name} exists only ${sides.b}${itemB.detail ? ` (${itemB.detail})` : ""}`);
}

function diffFacts(itemA: Item, itemB: Item, sides: Sides, out: string[]): void {
  let differed = false;
  for (const [index, factA] of itemA.facts.entries()) {
    const factB = itemB.facts[index]!;
    if (factA.verb === factB.verb && factA.value === factB.value) continue;
    if (factA.fallback && differed) continue;
    differed = true;
    const noun = factA.decisive ? (itemA.genericNoun ?? itemA.noun) : itemA.noun;
    const [valueA, valueB] = contrast(factA.value, factB.value);
    const verbB = factB.verb === factA.verb ? "" : `${factB.verb} `;
    out.push(`${itemA.scope}${noun} ${itemA.name} ${factA.verb} ${valueA} ${sides.a} but ${verbB}${valueB} ${sides.b}`);
    if (factA.decisive) return;
  }
}

function diffColumnOrder(table: string, columnsA: ColumnEntry[], columnsB: ColumnEntry[], sides: Sides, out: string[]): void {
  // Only the columns both sides have: one extra column is said once, not as a shift of all after it.
  const namesB = new Set(columnsB.map((column) => column.name));
  const namesA = new Set(columnsA.map((column) => column.name));
  const orderA = columnsA.map((column) => column.name).filter((name) => namesB.has(name));
  const orderB = columnsB.map((column) => column.name).filter((name) => namesA.has(name));
  if (orderA.join() === orderB.join()) return;
  out.push(`table ${table}: the columns are in a different order: ${orderA.join(", ")} ${sides.a} but ${orderB.join(", ")} ${sides.b}`);
}

const tableKinds: Record<string, string> = { r: "table", p: "partitioned table", f: "foreign table" };

function tableItem(table: TableEntry): Item {
  return {
    key: table.name,
    scope: "",
    noun: "table",
    name: table.name,
    facts: [
      { verb: "is a", value: tableKinds[table.kind] ?? table.kind, decisive: true },
      { verb: "is owned by", value: table.owner },
      { verb: "is", value: table.unlogged ? "unlogged" : "logged" },
      { verb: "has", value: table.rowSecurity ? "row level security enabled" : "row level security disabled" },
    ],
  };
}

const identities: Record<string, string> = {
  a: "generated always as identity",
  d: "generated by default as identity",
  "": "not an identity column",
};

function columnItem(column: ColumnEntry): Item {
  const defaultFact: Fact =
    column.generated === "s"
      ? { verb: "is generated from", value: `${column.default ?? ""} (stored)` }
      : column.default === null
        ? { verb: "has", value: "no default" }
        : { verb: "defaults to", value: column.default };
  return {
    key: column.name,
    scope: `table ${column.table}: `,
    noun: "column",
    name: column.name,
    facts: [
      { verb: "is", value: shortType(column.type) },
      { verb: "is", value: column.notNull ? "not null" : "nullable" },
      defaultFact,
      { verb: "is", value: identities[column.identity] ?? column.identity },
      { verb: "has collation", value: column.collation ?? "of its type" },
    ],
  };
}

const constraintNouns: Record<string, string> = {
  p: "primary key",
  u: "unique constraint",
  f: "foreign key",
  c: "check constraint",
  x: "exclusion constraint",
  t: "constraint trigger",
};
const foreignKeyActions: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

function constraintItem(constraint: ConstraintEntry): Item {
  const noun = constraintNouns[constraint.type] ?? "constraint";
  const facts: Fact[] = [{ verb: "is a", value: noun, decisive: true }];
  if (constraint.type === "f") {
    const references = /REFERENCES (.+?\))/.exec(constraint.definition)?.[1] ?? constraint.target ?? "";
    facts.push(
      { verb: "references", value: references },
      { verb: "has", value: `ON DELETE ${foreignKeyActions[constraint.onDelete ?? "a"]}` },
      { verb: "has", value: `ON UPDATE ${foreignKeyActions[constraint.onUpdate ?? "a"]}` },
    );
  }
  facts.push({ verb: "is", value: constraint.definition, fallback: constraint.type === "f" });
  return {
    key: constraint.name,
    scope: `table ${constraint.table}: `,
    noun,
    genericNoun: "constraint",
    name: constraint.name,
    facts,
    detail: constraint.definition,
    shape: constraint.definition,
  };
}

function indexItem(index: IndexEntry): Item {
  const described = describeIndex(index.definition);
  return {
    key: index.name,
    scope: "",
    noun: "index",
    name: index.name,
    facts: [{ verb: "is", value: described }],
    detail: described,
    shape: described,
  };
}

/** `CREATE UNIQUE INDEX x ON orders USING btree (a) WHERE ...` → `unique on orders (a) WHERE ...`. */
function describeIndex(definition: string): string {
  const match = /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")+"|\S+) ON (ONLY )?(\S+) USING (\w+) (.*)$/s.exec(definition);
  if (!match) return definition;
  const [, unique, only, table, method, rest] = match;
  return `${unique ? "unique " : ""}on ${only ? "only " : ""}${table}${method === "btree" ? "" : ` using ${method}`} ${rest}`;
}

const triggerStates: Record<string, string> = { O: "enabled", D: "disabled", R: "enabled on replicas only", A: "always enabled" };

function triggerItem(trigger: TriggerEntry): Item {
  const definition = trigger.definition.replace(/^CREATE (?:CONSTRAINT )?TRIGGER (?:"(?:[^"]|"")+"|\S+) /, "");
  return {
    key: trigger.name,
    scope: `table ${trigger.table}: `,
    noun: "trigger",
    name: trigger.name,
    facts: [
      { verb: "fires", value: definition },
      { verb: "is", value: triggerStates[trigger.enabled] ?? trigger.enabled },
    ],
    detail: definition,
  };
}

function sequenceItem(sequence: SequenceEntry): Item {
  return {
    key: sequence.name,
    scope: "",
    noun: "sequence",
    name: sequence.name,
    facts: [
      { verb: "is owned by", value: sequence.owner },
      { verb: "is", value: shortType(sequence.type) },
      { verb: "starts at", value: sequence.start },
      { verb: "increments by", value: sequence.increment },
      { verb: "has minimum", value: sequence.min },
      { verb: "has maximum", value: sequence.max },
      { verb: "caches", value: sequence.cache },
      { verb: "is", value: sequence.cycle ? "cycling" : "not cycling" },
      { verb: "belongs to", value: sequence.ownedBy ? `column ${sequence.ownedBy}` : "no column" },
    ],
  };
}

const viewKinds: Record<string, string> = { v: "view", m: "materialized view" };

function viewItem(view: ViewEntry): Item {
  const noun = viewKinds[view.kind] ?? "view";
  return {
    key: view.name,
    scope: "",
    noun,
    name: view.name,
    facts: [
      { verb: "is a", value: noun, decisive: true },
      { verb: "is owned by", value: view.owner },
      { verb: "is", value: collapse(view.definition).replace(/;$/, "") },
    ],
  };
}

const functionKinds: Record<string, string> = { f: "function", p: "procedure", a: "aggregate", w: "window function" };
const volatilities: Record<string, string> = { i: "immutable", s: "stable", v: "volatile" };

function functionItem(fn: FunctionEntry): Item {
  const noun = functionKinds[fn.kind] ?? "function";
  return {
    key: fn.signature,
    scope: "",
    noun,
    genericNoun: "routine",
    name: fn.signature,
    facts: [
      { verb: "is a", value: noun, decisive: true },
      { verb: "is owned by", value: fn.owner },
      { verb: "returns", value: fn.result ?? "nothing" },
      { verb: "is written in", value: fn.language },
      { verb: "is", value: volatilities[fn.volatility] ?? fn.volatility },
      { verb: "is", value: fn.strict ? "strict (returns null on null input)" : "called on null input" },
      { verb: "runs with", value: fn.securityDefiner ? "its owner's rights (security definer)" : "its caller's rights" },
      { verb: "sets", value: fn.config ?? "no settings" },
      // Indentation inside a body is no difference a caller could notice.
      { verb: "has the body", value: collapse(fn.body) },
    ],
  };
}

const typeKinds: Record<string, [noun: string, verb: string]> = {
  e: ["enum type", "has the values"],
  d: ["domain", "is"],
  c: ["composite type", "has the fields"],
  r: ["range type", "is a range of"],
};

function typeItem(type: TypeEntry): Item {
  const [noun, verb] = typeKinds[type.kind] ?? ["type", "is"];
  return {
    key: type.name,
    scope: "",
    noun,
    genericNoun: "type",
    name: type.name,
    facts: [
      { verb: "is a", value: noun, decisive: true },
      { verb: "is owned by", value: type.owner },
      { verb, value: shortType(type.definition) },
    ],
  };
}

/** PostgreSQL's long type names as people write them: `character varying(20)` → `varchar(20)`. */
export function shortType(type: string): string {
  return type
    .replace(/\bcharacter varying\b/g, "varchar")
    .replace(/\bcharacter\b/g, "char")
    .replace(/\btimestamp(\(\d+\))? with time zone\b/g, "timestamptz$1")
    .replace(/\btimestamp(\(\d+\))? without time zone\b/g, "timestamp$1")
    .replace(/\btime(\(\d+\))? with time zone\b/g, "timetz$1")
    .replace(/\btime(\(\d+\))? without time zone\b/g, "time$1");
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Long values are shown around their first difference, so the sentence stays readable. */
function contrast(a: string, b: string, limit = 120): [string, string] {
  if (a.length <= limit && b.length <= limit) return [a, b];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  const from = Math.max(0, start - 40);
  const excerpt = (text: string) => `${from > 0 ? "…" : ""}${text.slice(from, start + 60)}${start + 60 < text.length ? "…" : ""}`;
  return [excerpt(a), excerpt(b)];
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
