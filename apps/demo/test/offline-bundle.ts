// The offline start lives in @care/test-support, shared with plug-manager's CLI tests; this name stays for
// the browser test that imports it from here.
export { canCutNetwork, startBundleOffline, type OfflineRun } from "@care/test-support";
