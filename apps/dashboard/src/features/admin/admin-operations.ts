import { graphql } from '@kinroom/schema';

export const AdminCentresDoc = graphql(`
  query AdminCentres {
    myCentres {
      id
      name
      address
      turnoverMinutes
      openingHours {
        weekday
        dayName
        open
        close
      }
      rooms {
        id
        name
        capacity
        facilities
        condition
        conditionNote
      }
    }
  }
`);

export const CreateCentreDoc = graphql(`
  mutation CreateCentre($input: CentreInput!) {
    createCentre(input: $input) {
      id
      name
    }
  }
`);

export const UpdateCentreDoc = graphql(`
  mutation UpdateCentre($id: ID!, $input: CentreUpdateInput!) {
    updateCentre(id: $id, input: $input) {
      id
      name
    }
  }
`);

export const CreateRoomDoc = graphql(`
  mutation CreateRoom($input: RoomInput!) {
    createRoom(input: $input) {
      id
      name
    }
  }
`);

export const UpdateRoomDoc = graphql(`
  mutation UpdateRoom($id: ID!, $input: RoomUpdateInput!) {
    updateRoom(id: $id, input: $input) {
      id
      name
      condition
    }
  }
`);

export const StaffAccountsDoc = graphql(`
  query StaffAccounts {
    staffMembers(includeInactive: true) {
      id
      name
      email
      mobile
      role
      centreId
      centreName
      active
      signInBound
      createdAt
      deactivatedAt
    }
  }
`);

export const InviteStaffDoc = graphql(`
  mutation InviteStaff($input: InviteStaffInput!) {
    inviteStaff(input: $input) {
      id
      name
    }
  }
`);

export const UpdateStaffDoc = graphql(`
  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) {
    updateStaff(id: $id, input: $input) {
      id
      name
    }
  }
`);

export const DeactivateStaffDoc = graphql(`
  mutation DeactivateStaff($id: ID!) {
    deactivateStaff(id: $id) {
      id
      active
    }
  }
`);

export const ReactivateStaffDoc = graphql(`
  mutation ReactivateStaff($id: ID!) {
    reactivateStaff(id: $id) {
      id
      active
    }
  }
`);

export const ChangeLogDoc = graphql(`
  query ChangeLog($first: Int, $after: String) {
    changeLog(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          at
          recordType
          recordId
          action
          via
          changedBy {
            id
            name
          }
          changes {
            field
            before
            after
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** How the council writes its messages to families: English, or Welsh alongside English. */
export const CouncilMessagingDoc = graphql(`
  query CouncilMessaging {
    councilMessaging {
      messageLanguages
    }
  }
`);

export const SetMessageLanguagesDoc = graphql(`
  mutation SetMessageLanguages($languages: MessageLanguages!) {
    setMessageLanguages(languages: $languages) {
      messageLanguages
    }
  }
`);

export const CouncilBankHolidaysDoc = graphql(`
  query CouncilBankHolidays {
    councilBankHolidays {
      nation
      upcoming
    }
  }
`);

export const SetBankHolidayNationDoc = graphql(`
  mutation SetBankHolidayNation($nation: BankHolidayNation!) {
    setBankHolidayNation(nation: $nation) {
      nation
      upcoming
    }
  }
`);
