export { plugBlockSchema, plugIdPattern, plugIdSchema, readPlugBlock, type PlugBlock } from "./plug-block.js";
