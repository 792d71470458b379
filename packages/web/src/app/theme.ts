import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from "@mantine/core";

/**
 * The light variant (badges, light buttons) draws a color's text on a pale tint of it: Mantine's text shade is
 * too light for 4.5:1 on some colors (green 9 on green 1 is 3.8:1), so its text is the color darkened by 45%.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== "light") return colors;
  const { value } = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  return { ...colors, color: darken(value, 0.45) };
};

/**
 * Mantine's theme with WCAG AA contrast (4.5:1) for normal text: shade 8 of every color is used for
 * filled buttons, badges and alerts (white on Mantine's default shade 6 of blue is 3.6:1), and
 * `autoContrast` picks dark text on a light fill.
 */
export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  autoContrast: true,
  // A visible focus ring on every focusable element whenever it has keyboard focus.
  focusRing: "auto",
  variantColorResolver,
});

/**
 * "Dimmed" text (table captions, descriptions) in gray 7 and error text in red 8: Mantine's gray 6
 * and red 6 on white are 3.3:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)", "--mantine-color-error": "var(--mantine-color-red-8)" },
  dark: {},
});
