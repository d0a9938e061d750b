import type { Config } from "tailwindcss";
import colors from "tailwindcss/colors";
import plugin from "tailwindcss/plugin";

const brand = {
  50: "#eef6ff",
  100: "#d9eaff",
  200: "#bcdaff",
  300: "#8ec3ff",
  400: "#59a2ff",
  500: "#337dff",
  600: "#1b5ef5",
  700: "#1449e1",
  800: "#173cb6",
  900: "#19378f",
  950: "#142457",
};

const shades = ["50", "100", "200", "300", "400", "500", "600", "700", "800", "900", "950"] as const;
type Shade = (typeof shades)[number];
type Scale = Record<Shade, string>;

const families: Record<string, Scale> = {
  slate: colors.slate,
  brand,
  rose: colors.rose,
  emerald: colors.emerald,
  amber: colors.amber,
  violet: colors.violet,
  yellow: colors.yellow,
  indigo: colors.indigo,
  sky: colors.sky,
  orange: colors.orange,
  teal: colors.teal,
  fuchsia: colors.fuchsia,
  cyan: colors.cyan,
};

/**
 * Dark mode mirrors each scale (docs/decisions/008-dark-mode.md): a light
 * tint becomes a deep one and dark text becomes light, so every page written
 * for light gets a dark version with the same contrast without a `dark:`
 * twin on each of a thousand classes. The middle is nudged lighter because
 * mid greys read worse on a dark ground than on white.
 */
const darkOf: Record<Shade, Shade> = {
  "50": "950",
  "100": "900",
  "200": "800",
  "300": "700",
  "400": "500",
  "500": "400",
  "600": "400",
  "700": "300",
  "800": "200",
  "900": "100",
  "950": "50",
};

function rgb(hex: string) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255}`;
}

function variables(dark: boolean) {
  const vars: Record<string, string> = {
    // Cards and text on coloured buttons: white by day, the card colour by night.
    "--c-white": rgb(dark ? colors.slate[900] : "#ffffff"),
  };
  for (const [name, scale] of Object.entries(families)) {
    for (const shade of shades) vars[`--c-${name}-${shade}`] = rgb(scale[dark ? darkOf[shade] : shade]);
  }
  return vars;
}

const themed = Object.fromEntries(
  Object.keys(families).map((name) => [name, Object.fromEntries(shades.map((s) => [s, `rgb(var(--c-${name}-${s}) / <alpha-value>)`]))]),
);

export default {
  content: ["./app/**/*.{ts,tsx}"],
  darkMode: "media",
  theme: {
    extend: {
      colors: { ...themed, white: "rgb(var(--c-white) / <alpha-value>)" },
      fontFamily: {
        sans: ["Inter", "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
      },
    },
  },
  plugins: [
    plugin(({ addBase }) => {
      addBase({
        ":root": { ...variables(false), colorScheme: "light dark" },
        "@media (prefers-color-scheme: dark)": { ":root": variables(true) },
      });
    }),
  ],
} satisfies Config;
