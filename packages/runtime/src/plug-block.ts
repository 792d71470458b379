// The care.plug block is part of the contract (@care/plug-api).
export { plugBlockSchema, plugIdPattern, plugIdSchema, readPlugBlock, type PlugBlock } from "@care/plug-api";
