// What a plug author imports: the plug contract (@care/plug-api, the domain types included) and the
// core's error helpers a plug throws, from one place. The test kit is at `@care/plug-sdk/testing`.
export * from "@care/plug-api";
export { CareError, conflict, forbidden, newId, notFound, parseInput } from "@care/core/errors";
