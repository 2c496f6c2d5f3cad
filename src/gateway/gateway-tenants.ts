import type { RestTenant } from '../frontends/rest/http-frontend.js';
import type { RestTokens } from '../frontends/rest/tokens.js';
import type { CommandTable } from '../core/registry.js';
import type { GatewayTenantSettings } from './gateway-options.js';
import { GatewayExecutor } from './gateway-executor.js';

/**
 * One executor per upstream. The upstream of --upstream answers the usual standard and read-only
 * tokens; each token of SRH's file answers alone (SRH has no read-only tokens).
 */
export function gatewayTenants(settings: readonly GatewayTenantSettings[], tokens: RestTokens, log: (message: string) => void): (server: { commands: CommandTable }) => RestTenant[] {
  return (server) => settings.map((tenant) => ({
    tokens: tenant.token === undefined ? tokens : { standard: tenant.token, readonly: '' },
    executor: new GatewayExecutor(server.commands, tenant.upstream, (message) => log(settings.length === 1 ? message : `${tenant.id}: ${message}`)),
  }));
}
