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
  // Layers (docs/decisions/024): imports run down only. db/ and app/lib/ are the ground floor,
  // then app/components/ and app/auth/, then the modules, then the routes; the job wiring
  // (app/background.server.ts) and the seeds (scripts/seed/) stand above the modules they call.
  // (A rule of its own, so it does not replace the zod rule above for the same files.)
  ...layer(["db/**/*.ts", "app/lib/**/*.{ts,tsx}"], ["auth", "components", "modules", "routes"]),
  ...layer(["app/components/**/*.{ts,tsx}"], ["auth", "modules", "routes"]),
  ...layer(["app/auth/**/*.{ts,tsx}"], ["modules", "routes"]),
  ...layer(["app/modules/**/*.{ts,tsx}"], ["routes"]),
);

/** A layer's files may not import from the folders of app/ above them (by alias or path). */
function layer(files, above) {
  const folders = [...above, "background.server", "root", "entry.server"].join("|");
  return [
    {
      files,
      rules: {
        "@typescript-eslint/no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                regex: `^(~/|(\\.\\./)+(app/)?)(${folders})(/|$)`,
                message: "Imports run down the layers only (docs/decisions/024).",
              },
            ],
          },
        ],
      },
    },
  ];
}
