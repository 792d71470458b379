export { startTestDeployment, type TestDeployment, type TestDeploymentOptions } from "./test-deployment.js";
export type { TestClient, TestResponse } from "./test-client.js";
