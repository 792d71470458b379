// What a plug author imports: the plug contract (@care/plug-api) and the core's types and helpers a
// plug needs, from one place. The test kit is at `@care/plug-sdk/testing`.
export * from "@care/plug-api";
export {
  CareError,
  conflict,
  forbidden,
  newId,
  notFound,
  parseInput,
  type Actor,
  type CoreSignalName,
  type DeliveryMode,
  type Encounter,
  type ErrorDetail,
  type Facility,
  type Patient,
  type SignalPayload,
  type User,
} from "@care/core";
