import { Camunda8 } from '@camunda8/sdk';
import type { Config } from '../config/config.js';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/** The Zeebe gRPC client, configured from Ordo's config only (no other environment lookups). */
export function createZeebeClient(config: Config['zeebe']): ZeebeClient {
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: config.grpcAddress,
    CAMUNDA_AUTH_STRATEGY: config.authStrategy,
    CAMUNDA_BASIC_AUTH_USERNAME: config.username,
    CAMUNDA_BASIC_AUTH_PASSWORD: config.password,
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
