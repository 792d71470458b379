export { startTestDeployment, type TestDeployment, type TestDeploymentOptions } from "./test-deployment.js";
export type { TestClient, TestResponse } from "./test-client.js";
export { captureLogs } from "./capture-logs.js";
export { openDatabase, type CareDatabase } from "@care/core";
export { ensureTestDatabase, openScratchDatabase, TestDatabaseMissingError } from "./ensure-database.js";
