import { Camunda8 } from '@camunda8/sdk';
import type { Config } from '../config/config.js';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/**
 * The Zeebe gRPC client, configured from Ordo's validated config. (The SDK also merges ZEEBE_* and
 * CAMUNDA_* environment variables itself; everything Ordo sets here takes precedence.)
 */
export function createZeebeClient(config: Config['zeebe']): ZeebeClient {
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: config.grpcAddress,
    CAMUNDA_AUTH_STRATEGY: config.authStrategy,
    CAMUNDA_BASIC_AUTH_USERNAME: config.username,
    CAMUNDA_BASIC_AUTH_PASSWORD: config.password,
    ...(config.authStrategy === 'OAUTH'
      ? { ZEEBE_CLIENT_ID: config.oauth.clientId, ZEEBE_CLIENT_SECRET: config.oauth.clientSecret, CAMUNDA_OAUTH_URL: config.oauth.tokenUrl, ZEEBE_TOKEN_AUDIENCE: config.oauth.audience }
      : {}),
    CAMUNDA_LOG_LEVEL: 'error',
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_RETRY: true,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 3,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 5,
    },
  });
  return c8.getZeebeGrpcApiClient();
}

/** Process variables as the SDK types them (JSON values only). */
export type JsonObject = Parameters<ZeebeClient['publishMessage']>[0]['variables'] & object;
