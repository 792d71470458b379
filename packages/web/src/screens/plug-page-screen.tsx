import { Stack } from "@mantine/core";
import { useParams } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { PageLoader } from "../layout/page-loader.js";
import { ScreenTitle } from "../layout/screen-title.js";
import { ContributionFrame } from "../slots/contribution-frame.js";
import { PlugUiFailuresNotice, usePlugUiFailures } from "../slots/plug-ui-failures.js";
import { useContributionLabel, usePlugUis, usePlugUisReady } from "../slots/plug-uis-context.js";
import { findPage } from "../slots/slot-contributions.js";
import { NotFoundScreen } from "./not-found-screen.js";

/**
 * A plug's own page, at /plugs/<plugId>/<path> (`pages`) or /admin/plugs/<plugId>/<path> (`adminPages`): the page whose
 * path pattern matches, given the params it names.
 */
export function PlugPageScreen({ slot }: { slot: "pages" | "adminPages" }) {
  const { plugId = "", "*": path = "" } = useParams();
  const { user } = useAuth();
  const plugUis = usePlugUis();
  const ready = usePlugUisReady();
  const failures = usePlugUiFailures();
  const labelOf = useContributionLabel();
  const found = findPage(plugUis, slot, user?.roles ?? [], plugId, path);
  if (!found && !ready) return <PageLoader />;
  if (!found) {
    // A link to a page of a plug left out at start says why, rather than that the page does not exist.
    return failures.some((failure) => failure.plugId === plugId) ? <PlugUiFailuresNotice plugId={plugId} /> : <NotFoundScreen />;
  }
  const { page, params } = found;
  const Page = page.contribution.component;
  return (
    <Stack>
      <ScreenTitle>{labelOf(page)}</ScreenTitle>
      {/* Keyed by the URL too: another order's page starts afresh, not in the last one's error. */}
      <ContributionFrame key={`${page.key}:${path}`} plugId={page.plugId}>
        <Page params={params} />
      </ContributionFrame>
    </Stack>
  );
}
