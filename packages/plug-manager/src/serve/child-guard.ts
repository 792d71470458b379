/**
 * Loaded (`node --import`) into every process `care serve` starts: when the supervisor is gone
 * without stopping it (killed with SIGKILL, say), the IPC channel closes and the process stops as
 * on SIGTERM, so it frees the port and the data folder for the next `care serve`, which recovers.
 */
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
// The channel must not keep a process alive that would otherwise exit (a failed start, a finished task).
process.channel?.unref();
