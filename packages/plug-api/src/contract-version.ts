/**
 * The version of the plug contract this package declares. A plug names the contract range it was
 * built for in `care.plug.contract` (package.json); the runtime refuses a plug whose range this
 * version does not satisfy. Bump the major for any change that breaks a compiled plug.
 */
export const contractVersion = "1.0.0";
