import { FlatCompat } from "@eslint/eslintrc";

const compat = new FlatCompat({ baseDirectory: import.meta.dirname });

const eslintConfig = [
  { ignores: [".next/", ".open-next/", ".vercel/", ".wrangler/", "node_modules/", "next-env.d.ts", "bench/results/"] },
  ...compat.extends("next/core-web-vitals", "next/typescript"),
];

export default eslintConfig;
