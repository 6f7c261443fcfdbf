import type { CodegenConfig } from '@graphql-codegen/cli';

// The typed GraphQL client is generated from the Go server's schema files directly, so the SPA
// and the server cannot drift apart: `go generate ./...` runs this after gqlgen.
const config: CodegenConfig = {
  schema: '../graph/schema/*.graphqls',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        // Operations spread fragments for reuse, not for data masking.
        fragmentMasking: false,
      },
      config: {
        // Every custom scalar is mapped here; strictScalars fails codegen on a new unmapped one.
        strictScalars: true,
        scalars: {
          ID: 'string',
          Time: 'string',
          Cursor: 'string',
        },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
