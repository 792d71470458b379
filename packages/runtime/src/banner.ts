import type { AdminBootstrap } from "@care/core";

/** What a person starting the deployment needs to read: where it is and how to log in. */
export function startBanner(deployment: string, url: string, admin: AdminBootstrap, webApp = false): string {
  const login = (password: string) =>
    `  curl -s -X POST ${url}/api/v1/auth/login -H 'content-type: application/json' \\\n` +
    `       -d '{"username":"admin","password":"${password}"}'`;
  const lines = [`Care deployment "${deployment}" is running at ${url}`];
  if (admin.created && admin.generated) {
    lines.push(
      `Log in as user "admin" with password: ${admin.password}`,
      "  (generated now and shown only this once; set CARE_ADMIN_PASSWORD before the first start to choose it)",
      login(admin.password),
    );
  } else if (admin.created) {
    // The JSON is in single quotes, so the variable is spliced in outside them, where the shell expands it.
    lines.push('Log in as user "admin" with the password in CARE_ADMIN_PASSWORD:', login(`'"$CARE_ADMIN_PASSWORD"'`));
  } else {
    lines.push(
      'Log in with your user, or as "admin" with the password shown (or set in CARE_ADMIN_PASSWORD) at the first start:',
      login("<password>"),
    );
  }
  if (webApp) lines.push(`Web app: ${url}/`);
  lines.push(`Health: ${url}/health/ready (and /health/live)   API: ${url}/api/v1/`);
  return lines.join("\n");
}
