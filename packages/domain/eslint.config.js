// The workspace rules, plus the two promises this package makes (docs/domain.md: pure rules, time passed in): it has no clock of its own,
// and it imports nothing from the ORM, GraphQL, HTTP or UI layers.
import workspace from '../../eslint.config.js';

const NO_CLOCK = 'The domain has no clock: take the current time as a parameter.';

export default [
  ...workspace,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: NO_CLOCK },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: NO_CLOCK,
        },
        { selector: "CallExpression[callee.name='Date']", message: NO_CLOCK },
        { selector: "MemberExpression[object.name='performance'][property.name='now']", message: NO_CLOCK },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@mikro-orm/*',
                'typeorm',
                '@prisma/*',
                'graphql',
                'graphql-*',
                'type-graphql',
                '@apollo/*',
                'vue',
                'vue-*',
                '@vue/*',
                'express',
                'fastify',
                'http',
                'node:http',
                'https',
                'node:https',
                'pg',
              ],
              message: 'packages/domain is pure TypeScript: no ORM, GraphQL, HTTP or UI imports.',
            },
          ],
        },
      ],
    },
  },
];
