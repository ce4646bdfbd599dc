import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "dist/",
      "public/build/",
      ".data/",
      "test-results/",
      "playwright-report/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  // Every action reads its form through readForm (app/lib/read-form.server.ts), which drops
  // control characters and answers 400 for a body that is not a form; the upload forms through
  // readMultipartForm (app/lib/multipart.server.ts), which cleans text the same way.
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name='formData']",
          message:
            "Read a posted form with readForm(request) from ~/lib/read-form.server: it drops control characters and answers 400 for a body that is not a form.",
        },
        // zod/mini's `z` is a namespace object the bundler keeps whole (every schema kind and
        // every locale: 83 KB gzip on each page with a form); `import * as z` lets it keep only
        // what a page calls (7 KB).
        {
          selector:
            "ImportDeclaration[source.value='zod/mini'] > ImportSpecifier[imported.name='z']",
          message:
            'Import zod as a namespace: `import * as z from "zod/mini"` keeps the browser bundle small.',
        },
      ],
    },
  },
  // Classic zod is several times the size of zod/mini; only server files may use it.
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "zod", message: "Code that reaches the browser uses zod/mini." }],
          patterns: [
            { regex: "^zod/v[34]$", message: "Code that reaches the browser uses zod/mini." },
          ],
        },
      ],
    },
  },
);
