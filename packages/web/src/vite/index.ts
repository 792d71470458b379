export { careWebConfig, type CareWebOptions } from "./care-web-config.js";
