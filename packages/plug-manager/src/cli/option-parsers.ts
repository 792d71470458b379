import { InvalidArgumentError } from "commander";

/** Parsers of option values; commander's InvalidArgumentError prints "error: option '…' argument '…' is invalid. <why>". */

export function parseMiB(value: string): number {
  const mib = Number(value);
  if (!Number.isFinite(mib) || mib <= 0) throw new InvalidArgumentError("expected a size in MiB, e.g. 20");
  return Math.round(mib * 1024 * 1024);
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count <= 0) throw new InvalidArgumentError("expected a whole number, e.g. 10000");
  return count;
}

export function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1, e.g. 100");
  return n;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError("expected a TCP port from 0 to 65535, e.g. 3000");
  return port;
}
