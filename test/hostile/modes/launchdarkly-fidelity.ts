import {json, type HostileMode} from '../vendor.js';

const rolesPath = '/api/v2/roles';

/** The custom roles API refuses the key (403), as it does a key whose roles say nothing of roles; every other request goes through. */
export const rolesForbidden: HostileMode = async exchange => {
	if (exchange.request.pathname === rolesPath) {
		return json(403, {code: 'forbidden', message: 'Access to the requested resource was denied', id: 'req-roles-403'});
	}

	return exchange.forward();
};
