import { Stack } from "@mantine/core";
import { useParams } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { ContributionFrame } from "../slots/contribution-frame.js";
import { useContributionLabel, usePlugUis } from "../slots/plug-uis-context.js";
import { findPage } from "../slots/slot-contributions.js";
import { NotFoundScreen } from "./not-found-screen.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** A plug's own page, at /plugs/<plugId>/<path> (`pages`) or /admin/plugs/<plugId>/<path> (`adminPages`). */
export function PlugPageScreen({ slot }: { slot: "pages" | "adminPages" }) {
  const { plugId = "", "*": path = "" } = useParams();
  const { user } = useAuth();
  const plugUis = usePlugUis();
  const labelOf = useContributionLabel();
  const page = findPage(plugUis, slot, user?.roles ?? [], plugId, path);
  if (!page) return <NotFoundScreen />;
  const Page = page.contribution.component;
  return (
    <Stack>
      <ScreenTitle>{labelOf(page)}</ScreenTitle>
      <ContributionFrame key={page.key} plugId={page.plugId}>
        <Page />
      </ContributionFrame>
    </Stack>
  );
}
