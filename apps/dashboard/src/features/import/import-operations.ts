import { graphql } from '@kinroom/schema';

export const ImportReportFieldsDoc = graphql(`
  fragment ImportReportFields on ImportReport {
    dryRun
    created
    updated
    unchanged
    refused
    fileErrors {
      file
      line
      message
    }
    files {
      file
      created
      updated
      unchanged
      refused
      rows {
        row
        externalId
        outcome
        errors {
          column
          message
        }
      }
    }
  }
`);

export const PreviewImportDoc = graphql(`
  mutation PreviewImport($files: [ImportFileInput!]!) {
    previewImport(files: $files) {
      ...ImportReportFields
    }
  }
`);

export const StartImportDoc = graphql(`
  mutation StartImport($files: [ImportFileInput!]!) {
    startImport(files: $files) {
      id
      status
      rowsDone
      rowsTotal
    }
  }
`);

export const ImportRunDoc = graphql(`
  query ImportRun($id: ID!) {
    importRun(id: $id) {
      id
      status
      rowsDone
      rowsTotal
      failure
      finishedAt
      report {
        ...ImportReportFields
      }
    }
  }
`);

export const ImportRunsDoc = graphql(`
  query ImportRuns {
    importRuns(first: 10) {
      id
      status
      files
      rowsDone
      rowsTotal
      startedByName
      startedAt
      finishedAt
      failure
      report {
        ...ImportReportFields
      }
    }
  }
`);
