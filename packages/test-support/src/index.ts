export { copyWorkspaceFiles, workspaceRootFiles } from "./copy-workspace.js";
export { snapshotFolder } from "./folder-snapshot.js";
export { canCutNetwork, startBundleOffline, type OfflineRun } from "./offline-bundle.js";
