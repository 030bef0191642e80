/** What other modules may use of identity: functions and types only. */
export { actorForUser, recheckMfa } from './authn.ts';
export { listOrgUsers, type DirectoryUser } from './directory.ts';
export { getOrganization, listOrganizations, organizationsByIds, type Organization } from './organizations.ts';
export { grantPermissions, permissionsFor, requiresMfa, rolesForKinds, ROLES, type Party } from './roles.ts';
export { checkUscc, completeUscc } from './uscc.ts';
