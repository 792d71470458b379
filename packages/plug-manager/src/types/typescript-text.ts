/** Small printers for the generated file, so that it reads like hand-formatted code within 140 columns. */

export const maxLineLength = 140;

/** `PatientNotes` from `patient_notes`; a leading digit gets a `T` so that the name stays valid. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
  return /^[A-Za-z]/.test(joined) ? joined : `T${joined}`;
}

/** A property key: the name itself when it is an identifier, else quoted. */
export const propertyKey = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

export const stringLiteral = (value: string) => JSON.stringify(value);

/** A JSDoc block at `indent`, words wrapped to fit; `*\/` inside cannot end it early. */
export function jsDoc(text: string, indent: string): string[] {
  const width = maxLineLength - indent.length - 3;
  const lines = text
    .replaceAll("*/", "*\\/")
    .split(/\r?\n/)
    .flatMap((line) => wrap(line.trimEnd(), width));
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  if (lines.length === 1 && lines[0]!.length + indent.length + 7 <= maxLineLength) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)), `${indent} */`];
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const lines: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === "" ? word : `${current} ${word}`;
    }
  }
  return [...lines, current];
}

/** `export type Name = "a" | "b";`, one member a line when it would not fit on one. */
export function typeAlias(name: string, members: string[]): string[] {
  const single = `export type ${name} = ${members.join(" | ")};`;
  if (single.length <= maxLineLength) return [single];
  return [`export type ${name} =`, ...members.map((member, index) => `  | ${member}${index === members.length - 1 ? ";" : ""}`)];
}

/** `  key: Type;`, or a generic's arguments one a line when that would not fit. */
export function property(key: string, type: { name: string; args?: string[] }): string[] {
  const text = type.args ? `${type.name}<${type.args.join(", ")}>` : type.name;
  const single = `  ${key}: ${text};`;
  if (single.length <= maxLineLength || !type.args) return [single];
  return [`  ${key}: ${type.name}<`, ...type.args.map((arg, index) => `    ${arg}${index === type.args!.length - 1 ? "" : ","}`), "  >;"];
}
