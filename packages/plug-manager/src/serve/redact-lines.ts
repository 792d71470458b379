/**
 * A process's last lines as they may be journalled and shown on the console: the start banner's
 * one-time admin password, passwords in database URLs and the values of secret-looking variables of
 * its environment are replaced. (The runtime's logger already redacts plug secrets.)
 */
export function redactLines(lines: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const secrets = Object.entries(env)
    .filter(([name, value]) => /PASSWORD|SECRET|TOKEN|KEY|DATABASE_URL|CREDENTIAL/i.test(name) && value && value.length >= 6)
    .map(([, value]) => value!)
    .sort((a, b) => b.length - a.length);
  return lines.map((line) => {
    let text = line
      .replace(/(password[^:]*:\s*)\S+/gi, "$1[redacted]")
      .replace(/("password"\s*:\s*")[^"]*"/gi, '$1[redacted]"')
      .replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, "$1[redacted]@");
    for (const secret of secrets) text = text.split(secret).join("[redacted]");
    return text;
  });
}
