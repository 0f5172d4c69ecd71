import {newIdRotateStrategy} from '../../src/rotation/strategy.js';

/**
GitLab's own rotate: one transaction revokes the old token and makes a new one with a new id, the same name,
scopes and owner (docs/vendors/gitlab.md, rotation [D]). The old key dies at once, so no grace period can be given.
It is never sent twice: after a lost answer the old key may already be revoked, and GitLab treats a revoked key
used on a rotate path as stolen and revokes the whole token family, the new token included. The texts say how to
find out what happened instead.
*/
export const gitLabRotation = newIdRotateStrategy({
	afterLostAnswer({name, since}) {
		return `GitLab may have rotated it without the answer arriving. Check whether the old key still works: if it does, nothing happened and it can be rotated again; if it does not, its successor is the token named "${name}" with a higher id created${since}: rotate that one to get a key you can keep. Never send a rotate with the old key: GitLab would revoke the whole token family`;
	},
	afterCrash({name, startedAt}) {
		const named = name === undefined ? 'with this token\'s name' : `named ${JSON.stringify(name)}`;
		return `GitLab may have rotated it without the new key being stored. Check whether the old key still works: if it does, rotate it with a new --secret-out file; if not, its successor is the token ${named} with a higher id created since ${startedAt}: rotate that one with a new --secret-out file`;
	},
	afterKeyLost() {
		return 'GitLab revoked the old key in the rotation itself; the new token\'s key was not stored. Rotate the new token (the one with the same name and a higher id) to get a key you can keep';
	},
	noGrace(ref) {
		return `${ref}: --grace cannot be given: GitLab's rotate revokes the old key at once and has no grace period; rotate without --grace, with the new key's consumers ready to switch`;
	},
});
