// Generated from schemas/operaton/operaton-rest-api.json by `npx ordo engine-types`: do not edit.
/* eslint-disable */
export interface paths {
    "/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Rest API version
         * @description Retrieves the version of the Rest API.
         */
        get: operations["getRestAPIVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deployment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List
         * @description Queries for deployments that fulfill given parameters. Parameters may be the properties of deployments,
         *     such as the id or name or a range of the deployment time. The size of the result set can be retrieved by
         *     using the [Get Deployment count](https://docs.operaton.org/manual/1.0/reference/rest/deployment/get-query-count/) method.
         */
        get: operations["getDeployments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deployment/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create
         * @description Creates a deployment.
         *
         *     **Security Consideration**
         *
         *     Deployments can contain custom code in form of scripts or EL expressions to customize process behavior.
         *     This may be abused for remote execution of arbitrary code.
         */
        post: operations["createDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deployment/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete
         * @description Deletes a deployment by id.
         */
        delete: operations["deleteDeployment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/process-definition": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List
         * @description Queries for process definitions that fulfill given parameters. Parameters may be the properties of
         *     process definitions, such as the name, key or version. The size of the result set can be retrieved
         *     by using the [Get Definition Count](https://docs.operaton.org/manual/1.0/reference/rest/process-definition/get-query-count/) method.
         */
        get: operations["getProcessDefinitions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Correlate
         * @description Correlates a message to the process engine to either trigger a message start event or an intermediate message
         *     catching event. Internally this maps to the engine's message correlation builder methods
         *     `MessageCorrelationBuilder#correlateWithResult()` and `MessageCorrelationBuilder#correlateAllWithResult()`.
         *     For more information about the correlation behavior, see the [Message Events](https://docs.operaton.org/manual/1.0/bpmn20/events/message-events/)
         *     section of the [BPMN 2.0 Implementation Reference](https://docs.operaton.org/manual/1.0/reference/bpmn20/).
         */
        post: operations["deliverMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/process-instance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List
         * @description Queries for process instances that fulfill given parameters.
         *     Parameters may be static as well as dynamic runtime properties of process instances.
         *     The size of the result set can be retrieved by using the Get Instance Count method.
         */
        get: operations["getProcessInstances"];
        put?: never;
        /**
         * Get List (POST)
         * @description Queries for process instances that fulfill given parameters through a JSON object.
         *     This method is slightly more powerful than the Get Instances method because
         *     it allows filtering by multiple process variables of types `string`, `number` or `boolean`.
         */
        post: operations["queryProcessInstances"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/process-instance/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete
         * @description Deletes a running process instance by id.
         */
        delete: operations["deleteProcessInstance"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/process-instance/{id}/variables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Process Variables
         * @description Retrieves all variables of a given process instance by id.
         */
        get: operations["getProcessInstanceVariables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/history/process-instance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List
         * @description Queries for historic process instances that fulfill the given parameters.
         *     The size of the result set can be retrieved by using the
         *     [Get Process Instance Count](https://docs.operaton.org/manual/1.0/reference/rest/history/process-instance/get-process-instance-query-count/) method.
         */
        get: operations["getHistoricProcessInstances"];
        put?: never;
        /**
         * Get List (POST)
         * @description Queries for historic process instances that fulfill the given parameters.
         *     This method is slightly more powerful than the
         *     [Get Process Instance](https://docs.operaton.org/manual/1.0/reference/rest/history/process-instance/get-process-instance-query/)
         *     because it allows filtering by multiple process variables of types `String`, `Number` or `Boolean`.
         */
        post: operations["queryHistoricProcessInstances"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/history/variable-instance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Variable Instances
         * @description Queries for historic variable instances that fulfill the given parameters.
         *     The size of the result set can be retrieved by using the
         *     [Get Variable Instance Count](https://docs.operaton.org/manual/1.0/reference/rest/history/variable-instance/get-variable-instance-query-count/)
         *     method.
         */
        get: operations["getHistoricVariableInstances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List
         * @description Queries for the external tasks that fulfill given parameters. Parameters may be static as well as dynamic
         *     runtime properties of executions. The size of the result set can be retrieved by using the
         *     [Get External Task Count](https://docs.operaton.org/manual/1.0/reference/rest/external-task/get-query-count/) method.
         */
        get: operations["getExternalTasks"];
        put?: never;
        /**
         * Get List (POST)
         * @description Queries for external tasks that fulfill given parameters in the form of a JSON object.
         *
         *     This method is slightly more powerful than the
         *     [Get External Tasks](https://docs.operaton.org/manual/1.0/reference/rest/external-task/get-query/) method because it allows to
         *     specify a hierarchical result sorting.
         */
        post: operations["queryExternalTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/retries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Retries Sync
         * @description Sets the number of retries left to execute external tasks by id synchronously. If retries are set to 0,
         *     an incident is created.
         */
        put: operations["setExternalTaskRetries"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/{id}/retries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Retries
         * @description Sets the number of retries left to execute an external task by id. If retries are set to 0, an
         *     incident is created.
         */
        put: operations["setExternalTaskResourceRetries"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/fetchAndLock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch and Lock
         * @description Fetches and locks a specific number of external tasks for execution by a worker. Query can be restricted
         *     to specific task topics and for each task topic an individual lock time can be provided.
         */
        post: operations["fetchAndLock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete
         * @description Completes an external task by id and updates process variables.
         */
        post: operations["completeExternalTaskResource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/{id}/failure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Handle Failure
         * @description Reports a failure to execute an external task by id. A number of retries and a timeout until the task can
         *     be retried can be specified. If retries are set to 0, an incident for this task is created.
         */
        post: operations["handleFailure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/{id}/bpmnError": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Handle BPMN Error
         * @description Reports a business error in the context of a running external task by id. The error code must be specified
         *     to identify the BPMN error handler.
         */
        post: operations["handleExternalTaskBpmnError"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/{id}/extendLock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend Lock
         * @description Extends the timeout of the lock by a given amount of time.
         */
        post: operations["extendLock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/external-task/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unlock
         * @description Unlocks an external task by id. Clears the task's lock expiration time and worker id.
         */
        post: operations["unlock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incident": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List
         * @description Queries for incidents that fulfill given parameters. The size of the result set can be retrieved by using
         *     the [Get Incident Count](https://docs.operaton.org/manual/1.0/reference/rest/incident/get-query-count/) method.
         */
        get: operations["getIncidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incident/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get List Count
         * @description Queries for the number of incidents that fulfill given parameters. Takes the same parameters as the
         *     [Get Incidents](https://docs.operaton.org/manual/1.0/reference/rest/incident/get-query/) method.
         */
        get: operations["getIncidentsCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Can be any value - string, number, boolean, array or object.
         *      **Note**: Not every endpoint supports every type.
         */
        AnyValue: unknown;
        AtomLink: {
            /** @description The relation of the link to the object that belongs to. */
            rel?: string | null;
            /** @description The url of the link. */
            href?: string | null;
            /** @description The http method. */
            method?: string | null;
        };
        CaseDefinitionDto: {
            /** @description The id of the case definition */
            id?: string | null;
            /** @description The key of the case definition, i.e., the id of the CMMN 2.0 XML case definition. */
            key?: string | null;
            /** @description The category of the case definition. */
            category?: string | null;
            /** @description The name of the case definition. */
            name?: string | null;
            /**
             * Format: int32
             * @description The version of the case definition that the engine assigned to it.
             */
            version?: number | null;
            /** @description The file name of the case definition. */
            resource?: string | null;
            /** @description The deployment id of the case definition. */
            deploymentId?: string | null;
            /** @description The tenant id of the case definition. */
            tenantId?: string | null;
            /**
             * Format: int32
             * @description History time to live value of the case definition.
             *     Is used within [History cleanup](https://docs.operaton.org/manual/1.0/user-guide/process-engine/history/#history-cleanup).
             */
            historyTimeToLive?: number | null;
        };
        CompleteExternalTaskDto: {
            /** @description A JSON object containing variable key-value pairs. Each key is a variable name and each value a JSON variable value object with the following properties: */
            variables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /** @description A JSON object containing local variable key-value pairs. Local variables are set only in the scope of external task. Each key is a variable name and each value a JSON variable value object with the following properties: */
            localVariables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
        } & components["schemas"]["HandleExternalTaskDto"];
        ConditionQueryParameterDto: {
            /**
             * @description Comparison operator to be used. `notLike` is not supported by all endpoints.
             * @enum {string|null}
             */
            operator?: "eq" | "neq" | "gt" | "gteq" | "lt" | "lteq" | "like" | "notLike" | null;
            value?: components["schemas"]["AnyValue"];
        };
        CorrelationMessageDto: {
            /** @description The name of the message to deliver. */
            messageName?: string | null;
            /**
             * @description Used for correlation of process instances that wait for incoming messages.
             *     Will only correlate to executions that belong to a process instance with the provided business key.
             */
            businessKey?: string | null;
            /**
             * @description Used to correlate the message for a tenant with the given id.
             *     Will only correlate to executions and process definitions which belong to the tenant.
             *     Must not be supplied in conjunction with a `withoutTenantId`.
             */
            tenantId?: string | null;
            /**
             * @description A Boolean value that indicates whether the message should only be correlated to executions
             *     and process definitions which belong to no tenant or not. Value may only be `true`, as `false`
             *     is the default behavior.
             *     Must not be supplied in conjunction with a `tenantId`.
             * @default false
             */
            withoutTenantId: boolean | null;
            /** @description Used to correlate the message to the process instance with the given id. */
            processInstanceId?: string | null;
            /**
             * @description Used for correlation of process instances that wait for incoming messages.
             *     Has to be a JSON object containing key-value pairs that are matched against process instance variables
             *     during correlation. Each key is a variable name and each value a JSON variable value object with the
             *     following properties.
             */
            correlationKeys?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /**
             * @description Local variables used for correlation of executions (process instances) that wait for incoming messages.
             *     Has to be a JSON object containing key-value pairs that are matched against local variables during correlation.
             *     Each key is a variable name and each value a JSON variable value object with the following properties.
             */
            localCorrelationKeys?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /**
             * @description A map of variables that is injected into the triggered execution or process instance after the message
             *     has been delivered. Each key is a variable name and each value a JSON variable value object with
             *     the following properties.
             */
            processVariables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /**
             * @description A map of local variables that is injected into the execution waiting on the message.
             *     Each key is a variable name and each value a JSON variable value object
             *     with the following properties.
             */
            processVariablesLocal?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /**
             * @description A map of variables that is injected into the new scope triggered by message correlation.
             *     Each key is a variable name and each value a JSON variable value object
             *     with the following properties.
             */
            processVariablesToTriggeredScope?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /**
             * @description A Boolean value that indicates whether the message should be correlated to exactly one entity or multiple entities.
             *     If the value is set to `false`, the message will be correlated to exactly one entity (execution or process definition).
             *     If the value is set to `true`, the message will be correlated to multiple executions and a process definition that
             *     can be instantiated by this message in one go.
             * @default false
             */
            all: boolean | null;
            /**
             * @description A Boolean value that indicates whether the result of the correlation should be returned or not.
             *     If this property is set to `true`, there will be returned a list of message correlation result objects. Depending on the
             *     all property, there will be either one ore more returned results in the list.
             *
             *     The default value is `false`, which means no result will be returned.
             * @default false
             */
            resultEnabled: boolean | null;
            /**
             * @description A Boolean value that indicates whether the result of the correlation should contain process variables or not.
             *     The parameter resultEnabled should be set to `true` in order to use this it.
             *
             *     The default value is `false`, which means the variables will not be returned.
             * @default false
             */
            variablesInResultEnabled: boolean | null;
        };
        CountResultDto: {
            /**
             * Format: int64
             * @description The number of matching instances.
             */
            count?: number;
        };
        DecisionDefinitionDto: {
            /** @description The id of the decision definition */
            id?: string | null;
            /** @description The key of the decision definition, i.e., the id of the DMN 1.0 XML decision definition. */
            key?: string | null;
            /** @description The category of the decision definition. */
            category?: string | null;
            /** @description The name of the decision definition. */
            name?: string | null;
            /**
             * Format: int32
             * @description The version of the decision definition that the engine assigned to it.
             */
            version?: number | null;
            /** @description The file name of the decision definition. */
            resource?: string | null;
            /** @description The deployment id of the decision definition. */
            deploymentId?: string | null;
            /** @description The tenant id of the decision definition. */
            tenantId?: string | null;
            /** @description The id of the decision requirements definition this decision definition belongs to. */
            decisionRequirementsDefinitionId?: string | null;
            /** @description The key of the decision requirements definition this decision definition belongs to. */
            decisionRequirementsDefinitionKey?: string | null;
            /**
             * Format: int32
             * @description History time to live value of the decision definition.
             *     Is used within [History cleanup](https://docs.operaton.org/manual/1.0/user-guide/process-engine/history/#history-cleanup).
             */
            historyTimeToLive?: number | null;
            /** @description The version tag of the decision definition. */
            versionTag?: string | null;
        };
        DecisionRequirementsDefinitionDto: {
            /** @description The id of the decision requirements definition */
            id?: string | null;
            /** @description The key of the decision requirements definition, i.e., the id of the DMN 1.0 XML decision definition. */
            key?: string | null;
            /** @description The name of the decision requirements definition. */
            name?: string | null;
            /** @description The category of the decision requirements definition. */
            category?: string | null;
            /**
             * Format: int32
             * @description The version of the decision requirements definition that the engine assigned to it.
             */
            version?: number | null;
            /** @description The file name of the decision requirements definition. */
            resource?: string | null;
            /** @description The deployment id of the decision requirements definition. */
            deploymentId?: string | null;
            /** @description The tenant id of the decisionrequirements definition. */
            tenantId?: string | null;
        };
        DeploymentDto: {
            /** @description The id of the deployment. */
            id?: string | null;
            /** @description The tenant id of the deployment. */
            tenantId?: string | null;
            /**
             * Format: date-time
             * @description The time when the deployment was created.
             */
            deploymentTime?: string | null;
            /** @description The source of the deployment. */
            source?: string | null;
            /** @description The name of the deployment. */
            name?: string | null;
        } & components["schemas"]["LinkableDto"];
        DeploymentWithDefinitionsDto: {
            /**
             * @description A JSON Object containing a property for each of the process definitions,
             *     which are successfully deployed with that deployment.
             *     The key is the process definition id, the value is a JSON Object corresponding to the process definition.
             */
            deployedProcessDefinitions?: {
                [key: string]: components["schemas"]["ProcessDefinitionDto"];
            } | null;
            /**
             * @description A JSON Object containing a property for each of the decision definitions,
             *     which are successfully deployed with that deployment.
             *     The key is the decision definition id, the value is a JSON Object corresponding to the decision definition.
             */
            deployedDecisionDefinitions?: {
                [key: string]: components["schemas"]["DecisionDefinitionDto"];
            } | null;
            /**
             * @description A JSON Object containing a property for each of the decision requirements definitions,
             *     which are successfully deployed with that deployment.
             *     The key is the decision requirements definition id, the value is a JSON Object corresponding to the decision requirements definition.
             */
            deployedDecisionRequirementsDefinitions?: {
                [key: string]: components["schemas"]["DecisionRequirementsDefinitionDto"];
            } | null;
            /**
             * @description A JSON Object containing a property for each of the case definitions,
             *     which are successfully deployed with that deployment.
             *     The key is the case definition id, the value is a JSON Object corresponding to the case definition.
             */
            deployedCaseDefinitions?: {
                [key: string]: components["schemas"]["CaseDefinitionDto"];
            } | null;
        } & components["schemas"]["DeploymentDto"];
        /** ExceptionDto */
        ExceptionDto: {
            /** @description An exception class indicating the occurred error. */
            type?: string | null;
            /** @description A detailed message of the error. */
            message?: string | null;
            /**
             * @description The code allows your client application to identify the error in an automated fashion.
             *     You can look up the meaning of all built-in codes and learn how to add custom codes
             *     in the [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/error-handling/#exception-codes).
             */
            code?: number;
        };
        ExecutionDto: {
            /** @description The id of the Execution. */
            id?: string | null;
            /** @description The id of the root of the execution tree representing the process instance. */
            processInstanceId?: string | null;
            /** @description Indicates if the execution is ended. */
            ended?: boolean | null;
            /**
             * @description The id of the tenant this execution belongs to. Can be `null`
             *     if the execution belongs to no single tenant.
             */
            tenantId?: string | null;
        };
        ExtendLockOnExternalTaskDto: {
            /**
             * Format: int64
             * @description An amount of time (in milliseconds). This is the new lock duration starting from the
             *     current moment.
             */
            newDuration?: number | null;
        } & components["schemas"]["HandleExternalTaskDto"];
        ExternalTaskBpmnError: {
            /**
             * @description The id of the worker that reports the failure. Must match the id of the worker who has most recently
             *     locked the task.
             */
            workerId?: string | null;
        } & components["schemas"]["TaskBpmnErrorDto"];
        /**
         * ExternalTaskDto
         * @description An External Task object with the following properties
         */
        ExternalTaskDto: {
            /** @description The id of the activity that this external task belongs to. */
            activityId?: string | null;
            /** @description The id of the activity instance that the external task belongs to. */
            activityInstanceId?: string | null;
            /**
             * @description The full error message submitted with the latest reported failure executing this task; `null` if no
             *     failure was reported previously or if no error message was submitted
             */
            errorMessage?: string | null;
            /** @description The id of the execution that the external task belongs to. */
            executionId?: string | null;
            /** @description The id of the external task. */
            id?: string | null;
            /**
             * Format: date-time
             * @description The date that the task's most recent lock expires or has expired.
             */
            lockExpirationTime?: string | null;
            /** @description The id of the process definition the external task is defined in. */
            processDefinitionId?: string | null;
            /** @description The key of the process definition the external task is defined in. */
            processDefinitionKey?: string | null;
            /** @description The version tag of the process definition the external task is defined in. */
            processDefinitionVersionTag?: string | null;
            /** @description The id of the process instance the external task belongs to. */
            processInstanceId?: string | null;
            /** @description The id of the tenant the external task belongs to. */
            tenantId?: string | null;
            /**
             * Format: int32
             * @description The number of retries the task currently has left.
             */
            retries?: number | null;
            /** @description A flag indicating whether the external task is suspended or not. */
            suspended?: boolean | null;
            /** @description The id of the worker that posesses or posessed the most recent lock. */
            workerId?: string | null;
            /** @description The topic name of the external task. */
            topicName?: string | null;
            /**
             * Format: int64
             * @description The priority of the external task.
             */
            priority?: number | null;
            /** @description The business key of the process instance the external task belongs to. */
            businessKey?: string | null;
            /**
             * Format: date-time
             * @description The date that the task was created.
             */
            createTime?: string | null;
        };
        ExternalTaskFailureDto: {
            /** @description An message indicating the reason of the failure. */
            errorMessage?: string | null;
            /** @description A detailed error description. */
            errorDetails?: string | null;
            /**
             * Format: int32
             * @description A number of how often the task should be retried. Must be >= 0. If this is 0, an incident is created and
             *     the task cannot be fetched anymore unless the retries are increased again. The incident's message is set
             *     to the `errorMessage` parameter.
             */
            retries?: number | null;
            /**
             * Format: int64
             * @description A timeout in milliseconds before the external task becomes available again for fetching. Must be >= 0.
             */
            retryTimeout?: number | null;
            /** @description A JSON object containing variable key-value pairs. Each key is a variable name and each value a JSON variable value object with the following properties: */
            variables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /** @description A JSON object containing local variable key-value pairs. Local variables are set only in the scope of external task. Each key is a variable name and each value a JSON variable value object with the following properties: */
            localVariables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
        } & components["schemas"]["HandleExternalTaskDto"];
        /**
         * ExternalTaskQueryDto
         * @description A JSON object with the following properties:
         */
        ExternalTaskQueryDto: {
            /** @description Filter by an external task's id. */
            externalTaskId?: string | null;
            /** @description Filter by the comma-separated list of external task ids. */
            externalTaskIdIn?: string[] | null;
            /** @description Filter by an external task topic. */
            topicName?: string | null;
            /** @description Filter by the id of the worker that the task was most recently locked by. */
            workerId?: string | null;
            /**
             * @description Only include external tasks that are currently locked (i.e., they have a lock time and it has not expired).
             *     Value may only be `true`, as `false` matches any external task.
             */
            locked?: boolean | null;
            /**
             * @description Only include external tasks that are currently not locked (i.e., they have no lock or it has expired).
             *     Value may only be `true`, as `false` matches any external task.
             */
            notLocked?: boolean | null;
            /**
             * @description Only include external tasks that have a positive (&gt; 0) number of retries (or `null`). Value may only be
             *     `true`, as `false` matches any external task.
             */
            withRetriesLeft?: boolean | null;
            /**
             * @description Only include external tasks that have 0 retries. Value may only be `true`, as `false` matches any
             *     external task.
             */
            noRetriesLeft?: boolean | null;
            /**
             * Format: date-time
             * @description Restrict to external tasks that have a lock that expires after a given date. By
             *     [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format
             *     `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            lockExpirationAfter?: string | null;
            /**
             * Format: date-time
             * @description Restrict to external tasks that have a lock that expires before a given date. By
             *     [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format
             *     `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            lockExpirationBefore?: string | null;
            /** @description Filter by the id of the activity that an external task is created for. */
            activityId?: string | null;
            /** @description Filter by the comma-separated list of ids of the activities that an external task is created for. */
            activityIdIn?: string[] | null;
            /** @description Filter by the id of the execution that an external task belongs to. */
            executionId?: string | null;
            /** @description Filter by the id of the process instance that an external task belongs to. */
            processInstanceId?: string | null;
            /** @description Filter by a comma-separated list of process instance ids that an external task may belong to. */
            processInstanceIdIn?: string[] | null;
            /** @description Filter by the id of the process definition that an external task belongs to. */
            processDefinitionId?: string | null;
            /**
             * @description Filter by a comma-separated list of tenant ids.
             *     An external task must have one of the given tenant ids.
             */
            tenantIdIn?: string[] | null;
            /** @description Only include active tasks. Value may only be `true`, as `false` matches any external task. */
            active?: boolean | null;
            /** @description Only include suspended tasks. Value may only be `true`, as `false` matches any external task. */
            suspended?: boolean | null;
            /**
             * Format: int64
             * @description Only include jobs with a priority higher than or equal to the given value.
             *     Value must be a valid `long` value.
             */
            priorityHigherThanOrEquals?: number | null;
            /**
             * Format: int64
             * @description Only include jobs with a priority lower than or equal to the given value.
             *     Value must be a valid `long` value.
             */
            priorityLowerThanOrEquals?: number | null;
            /** @description Restrict to tasks that belong to a process definition with the given key. */
            processDefinitionKey?: string | null;
            /**
             * @description Restrict to tasks that belong to a process definition with one of the given keys. The
             *     keys need to be in a comma-separated list.
             */
            processDefinitionKeyIn?: string[] | null;
            /** @description Restrict to tasks that belong to a process definition with the given name. */
            processDefinitionName?: string | null;
            /**
             * @description Restrict to tasks that have a process definition name that has the parameter value as
             *     a substring.
             */
            processDefinitionNameLike?: string | null;
            /**
             * @description Match all variable names in this query case-insensitively. If set
             *     `variableName` and `variablename` are treated as equal.
             * @default false
             */
            variableNamesIgnoreCase: boolean | null;
            /**
             * @description Match all variable values in this query case-insensitively. If set
             *     `variableValue` and `variablevalue` are treated as equal.
             * @default false
             */
            variableValuesIgnoreCase: boolean | null;
            /**
             * @description A JSON array to only include tasks that belong to a process instance with variables
             *     with certain values. The array consists of JSON objects with three properties
             *     `name`, `operator` and `value`. `name` is the variable name, `operator` is the
             *     comparison operator to be used and `value` the variable value. `value` may be of
             *     type `String`, `Number` or `Boolean`.
             *
             *     Valid `operator` values are:
             *     `eq` - equal to;
             *     `neq` - not equal to;
             *     `gt` - greater than;
             *     `gteq` - greater than or equal to;
             *     `lt` - lower than;
             *     `lteq` - lower than or equal to;
             *     `like`;
             *     `notLike`.
             *     `key` and `value` may not contain underscore or comma characters.
             */
            processVariables?: components["schemas"]["VariableQueryParameterDto"][] | null;
            /**
             * @description A JSON array of criteria to sort the result by. Each element of the array is a JSON object that
             *                         specifies one ordering. The position in the array identifies the rank of an ordering, i.e., whether
             *                         it is primary, secondary, etc. The ordering objects have the following properties:
             *
             *                         **Note:** The `sorting` properties will not be applied to the External Task count query.
             */
            sorting?: {
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 * @enum {string|null}
                 */
                sortBy?: "id" | "lockExpirationTime" | "processInstanceId" | "processDefinitionId" | "processDefinitionKey" | "taskPriority" | "createTime" | "tenantId" | null;
                /**
                 * @description Sort the results in a given order. Values may be `asc` for ascending order or `desc` for
                 *     descending order. Must be used in conjunction with the sortBy parameter.
                 * @enum {string|null}
                 */
                sortOrder?: "asc" | "desc" | null;
            }[] | null;
        };
        FetchExternalTasksDto: {
            /**
             * @description **Mandatory.** The id of the worker on which behalf tasks are fetched. The returned tasks are locked for
             *     that worker and can only be completed when providing the same worker id.
             */
            workerId: string;
            /**
             * Format: int32
             * @description **Mandatory.** The maximum number of tasks to return.
             */
            maxTasks: number | null;
            /**
             * @description A `boolean` value, which indicates whether the task should be fetched based on its priority
             *     or arbitrarily.
             */
            usePriority?: boolean | null;
            /**
             * Format: int64
             * @description The [Long Polling](https://docs.operaton.org/manual/1.0/user-guide/process-engine/external-tasks/#long-polling-to-fetch-and-lock-external-tasks)
             *     timeout in milliseconds.
             *
             *     **Note:** The value cannot be set larger than 1.800.000 milliseconds (corresponds to 30 minutes).
             */
            asyncResponseTimeout?: number | null;
            /**
             * @description A JSON array of topic objects for which external tasks should be fetched. The returned tasks may be
             *     arbitrarily distributed among these topics. Each topic object has the following properties:
             */
            topics?: components["schemas"]["FetchExternalTaskTopicDto"][] | null;
            /** @description Apply sorting of the result */
            sorting?: {
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 * @enum {string|null}
                 */
                sortBy?: "createTime" | null;
                /**
                 * @description Sort the results in a given order. Values may be `asc` for ascending order or `desc` for
                 *     descending order. Must be used in conjunction with the sortBy parameter.
                 * @enum {string|null}
                 */
                sortOrder?: "asc" | "desc" | null;
            }[] | null;
        };
        FetchExternalTaskTopicDto: {
            /** @description **Mandatory.** The topic's name. */
            topicName: string;
            /**
             * Format: int64
             * @description **Mandatory.** The duration to lock the external tasks for in milliseconds.
             */
            lockDuration: number | null;
            /**
             * @description A JSON array of `String` values that represent variable names. For each result task belonging to this
             *     topic, the given variables are returned as well if they are accessible from the external task's
             *     execution. If not provided - all variables will be fetched.
             */
            variables?: string[] | null;
            /**
             * @description If `true` only local variables will be fetched.
             * @default false
             */
            localVariables: boolean | null;
            /** @description A `String` value which enables the filtering of tasks based on process instance business key. */
            businessKey?: string | null;
            /** @description Filter tasks based on process definition id. */
            processDefinitionId?: string | null;
            /** @description Filter tasks based on process definition ids. */
            processDefinitionIdIn?: string[] | null;
            /** @description Filter tasks based on process definition key. */
            processDefinitionKey?: string | null;
            /** @description Filter tasks based on process definition keys. */
            processDefinitionKeyIn?: string[] | null;
            /** @description Filter tasks based on process definition version tag. */
            processDefinitionVersionTag?: string | null;
            /**
             * @description Filter tasks without tenant id.
             * @default false
             */
            withoutTenantId: boolean | null;
            /** @description Filter tasks based on tenant ids. */
            tenantIdIn?: string[] | null;
            /**
             * @description A `JSON` object used for filtering tasks based on process instance variable values. A property name of
             *     the object represents a process variable name, while the property value represents the process variable
             *     value to filter tasks by.
             */
            processVariables?: {
                [key: string]: unknown;
            };
            /**
             * @description Determines whether serializable variable values (typically variables that store custom Java objects)
             *     should be deserialized on server side (default `false`).
             *
             *     If set to `true`, a serializable variable will be deserialized on server side and transformed to JSON
             *     using [Jackson's](https://github.com/FasterXML/jackson) POJO/bean property introspection feature. Note
             *     that this requires the Java classes of the variable value to be on the REST API's classpath.
             *
             *     If set to `false`, a serializable variable will be returned in its serialized format. For example, a
             *     variable that is serialized as XML will be returned as a JSON string containing XML.
             * @default false
             */
            deserializeValues: boolean | null;
            /**
             * @description Determines whether custom extension properties defined in the BPMN activity of the external task (e.g.
             *     via the Extensions tab in the Operaton modeler) should be included in the response. Default: false
             * @default false
             */
            includeExtensionProperties: boolean | null;
        };
        HandleExternalTaskDto: {
            /**
             * @description **Mandatory.** The ID of the worker who is performing the operation on the external task.
             *     If the task is already locked, must match the id of the worker who has most recently
             *     locked the task.
             */
            workerId?: string;
        };
        HistoricProcessInstanceDto: {
            /** @description The id of the process instance. */
            id?: string | null;
            /** @description The process instance id of the root process instance that initiated the process. */
            rootProcessInstanceId?: string | null;
            /** @description The id of the parent process instance, if it exists. */
            superProcessInstanceId?: string | null;
            /** @description The id of the parent case instance, if it exists. */
            superCaseInstanceId?: string | null;
            /** @description The id of the parent case instance, if it exists. */
            caseInstanceId?: string | null;
            /** @description The name of the process definition that this process instance belongs to. */
            processDefinitionName?: string | null;
            /** @description The key of the process definition that this process instance belongs to. */
            processDefinitionKey?: string | null;
            /**
             * Format: int32
             * @description The version of the process definition that this process instance belongs to.
             */
            processDefinitionVersion?: number | null;
            /** @description The id of the process definition that this process instance belongs to. */
            processDefinitionId?: string | null;
            /** @description The business key of the process instance. */
            businessKey?: string | null;
            /**
             * Format: date-time
             * @description The time the instance was started. Default [format](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/) `yyyy-MM-dd'T'HH:mm:ss.SSSZ`.
             */
            startTime?: string | null;
            /**
             * Format: date-time
             * @description The time the instance ended. Default [format](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/) `yyyy-MM-dd'T'HH:mm:ss.SSSZ`.
             */
            endTime?: string | null;
            /**
             * Format: date-time
             * @description The time after which the instance should be removed by the History Cleanup job. Default [format](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/) `yyyy-MM-dd'T'HH:mm:ss.SSSZ`.
             */
            removalTime?: string | null;
            /**
             * Format: int64
             * @description The time the instance took to finish (in milliseconds).
             */
            durationInMillis?: number | null;
            /** @description The id of the user who started the process instance. */
            startUserId?: string | null;
            /** @description The id of the initial activity that was executed (e.g., a start event). */
            startActivityId?: string | null;
            /** @description The provided delete reason in case the process instance was canceled during execution. */
            deleteReason?: string | null;
            /** @description The tenant id of the process instance. */
            tenantId?: string | null;
            /**
             * @description Last state of the process instance, possible values are:
             *
             *     `ACTIVE` - running process instance
             *
             *     `SUSPENDED` - suspended process instances
             *
             *     `COMPLETED` - completed through normal end event
             *
             *     `EXTERNALLY_TERMINATED` - terminated externally, for instance through REST API
             *
             *     `INTERNALLY_TERMINATED` - terminated internally, for instance by terminating boundary event
             * @enum {string|null}
             */
            state?: "ACTIVE" | "SUSPENDED" | "COMPLETED" | "EXTERNALLY_TERMINATED" | "INTERNALLY_TERMINATED" | null;
            /** @description The id of the original process instance which was restarted. */
            restartedProcessInstanceId?: string | null;
        };
        /** @description A historic process instance query which defines a group of historic process instances */
        HistoricProcessInstanceQueryDto: {
            /** @description Filter by process instance id. */
            processInstanceId?: string | null;
            /** @description Filter by process instance ids. Must be a JSON array of `Strings`. */
            processInstanceIds?: string[] | null;
            /** @description Exclude instances by process instance ids. Must be a JSON array of `Strings`. */
            processInstanceIdNotIn?: string[] | null;
            /** @description Filter by the process definition the instances run on. */
            processDefinitionId?: string | null;
            /** @description Filter by the key of the process definition the instances run on. */
            processDefinitionKey?: string | null;
            /** @description Filter by a list of process definition keys. A process instance must have one of the given process definition keys. Must be a JSON array of `Strings`. */
            processDefinitionKeyIn?: string[] | null;
            /** @description Filter by the name of the process definition the instances run on. */
            processDefinitionName?: string | null;
            /** @description Filter by process definition names that the parameter is a substring of. */
            processDefinitionNameLike?: string | null;
            /** @description Exclude instances that belong to a set of process definitions. Must be a JSON array of `Strings`. */
            processDefinitionKeyNotIn?: string[] | null;
            /** @description Filter by process instance business key. */
            processInstanceBusinessKey?: string | null;
            /** @description Filter by a list of business keys. A process instance must have one of the given business keys. Must be a JSON array of `Strings` */
            processInstanceBusinessKeyIn?: string[] | null;
            /** @description Filter by process instance business key that the parameter is a substring of. */
            processInstanceBusinessKeyLike?: string | null;
            /** @description Restrict the query to all process instances that are top level process instances. */
            rootProcessInstances?: boolean | null;
            /** @description Filter by root process instance id. */
            rootProcessInstanceId?: string | null;
            /**
             * @description Only include finished process instances. This flag includes all process instances
             *     that are completed or terminated. Value may only be `true`, as `false` is the default behavior.
             */
            finished?: boolean | null;
            /** @description Only include unfinished process instances. Value may only be `true`, as `false` is the default behavior. */
            unfinished?: boolean | null;
            /**
             * @description Only include process instances which are associated with jobs that have encountered exceptions and still
             *     have retries left. Value may only be `true`, as `false` is the default behavior.
             */
            withJobsRetrying?: boolean | null;
            /** @description Only include process instances which have an incident. Value may only be `true`, as `false` is the default behavior. */
            withIncidents?: boolean | null;
            /** @description Only include process instances which have a root incident. Value may only be `true`, as `false` is the default behavior. */
            withRootIncidents?: boolean | null;
            /** @description Restrict to instances that have an incident with one of the given ids. Must be a JSON array of `Strings` */
            incidentIdIn?: string[] | null;
            /** @description Filter by the incident type. See the [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types) for a list of incident types. */
            incidentType?: string | null;
            /**
             * @description Only include process instances which have an incident in status either open or resolved. To get all process instances, use the query parameter withIncidents.
             * @enum {string|null}
             */
            incidentStatus?: "open" | "resolved" | null;
            /** @description Filter by the incident message. Exact match. */
            incidentMessage?: string | null;
            /** @description Filter by the incident message that the parameter is a substring of. */
            incidentMessageLike?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that were started before the given date.
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            startedBefore?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that were started after the given date.
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            startedAfter?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that were finished before the given date.
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            finishedBefore?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that were finished after the given date.
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            finishedAfter?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that executed an activity after the given date (inclusive).
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            executedActivityAfter?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that executed an activity before the given date (inclusive).
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            executedActivityBefore?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that executed an job after the given date (inclusive).
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            executedJobAfter?: string | null;
            /**
             * Format: date-time
             * @description Restrict to instances that executed an job before the given date (inclusive).
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            executedJobBefore?: string | null;
            /** @description Only include process instances that were started by the given user. */
            startedBy?: string | null;
            /** @description Restrict query to all process instances that are sub process instances of the given process instance. Takes a process instance id. */
            superProcessInstanceId?: string | null;
            /** @description Restrict query to one process instance that has a sub process instance with the given id. */
            subProcessInstanceId?: string | null;
            /** @description Restrict query to all process instances that are sub process instances of the given case instance. Takes a case instance id. */
            superCaseInstanceId?: string | null;
            /** @description Restrict query to one process instance that has a sub case instance with the given id. */
            subCaseInstanceId?: string | null;
            /** @description Restrict query to all process instances that are sub process instances of the given case instance. Takes a case instance id. */
            caseInstanceId?: string | null;
            /** @description Filter by a list of tenant ids. A process instance must have one of the given tenant ids. Must be a JSON array of `Strings` */
            tenantIdIn?: string[] | null;
            /** @description Only include historic process instances which belong to no tenant. Value may only be `true`, as `false` is the default behavior. */
            withoutTenantId?: boolean | null;
            /** @description Restrict to instances with an active activity with one of the given ids. In contrast to the `activeActivityIdIn` filter, it can query for async and incident activities. Must be a JSON array of `Strings` */
            activityIdIn?: string[] | null;
            /** @description Restrict to instances that executed an activity with one of given ids. Must be a JSON array of `Strings` */
            executedActivityIdIn?: string[] | null;
            /** @description Restrict to instances that have an active activity with one of given ids. Must be a JSON array of `Strings` */
            activeActivityIdIn?: string[] | null;
            /** @description Restrict to instances that are active. */
            active?: boolean | null;
            /** @description Restrict to instances that are suspended. */
            suspended?: boolean | null;
            /** @description Restrict to instances that are completed. */
            completed?: boolean | null;
            /** @description Restrict to instances that are externallyTerminated. */
            externallyTerminated?: boolean | null;
            /** @description Restrict to instances that are internallyTerminated. */
            internallyTerminated?: boolean | null;
            /**
             * @description A JSON array to only include process instances that have/had variables with certain values.
             *     The array consists of objects with the three properties `name`, `operator` and `value`. `name` (`String`) is the variable name,
             *     `operator` (`String`) is the comparison operator to be used and `value` the variable value.
             *
             *     Value may be `String`, `Number` or `Boolean`.
             *
             *     Valid operator values are: `eq` - equal to; `neq` - not equal to; `gt` - greater than; `gteq` - greater than or equal to; `lt` - lower than; `lteq` - lower than or equal to; `like`.
             */
            variables?: components["schemas"]["VariableQueryParameterDto"][] | null;
            /** @description Match all variable names provided in variables case-insensitively. If set to `true` variableName and variablename are treated as equal. */
            variableNamesIgnoreCase?: boolean | null;
            /** @description Match all variable values provided in variables case-insensitively. If set to `true` variableValue and variablevalue are treated as equal. */
            variableValuesIgnoreCase?: boolean | null;
            /**
             * @description A JSON array of nested historic process instance queries with OR semantics.
             *
             *     A process instance matches a nested query if it fulfills at least one of the query's predicates.
             *
             *     With multiple nested queries, a process instance must fulfill at least one predicate of each query
             *     ([Conjunctive Normal Form](https://en.wikipedia.org/wiki/Conjunctive_normal_form)).
             *
             *     All process instance query properties can be used except for: `sorting`
             *
             *     See the [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/process-engine-api/#or-queries) for more information about OR queries.
             */
            orQueries?: components["schemas"]["HistoricProcessInstanceQueryDto"][] | null;
            /** @description Apply sorting of the result */
            sorting?: {
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 * @enum {string|null}
                 */
                sortBy?: "instanceId" | "definitionId" | "definitionKey" | "definitionName" | "definitionVersion" | "businessKey" | "startTime" | "endTime" | "duration" | "tenantId" | null;
                /**
                 * @description Sort the results in a given order. Values may be `asc` for ascending order or `desc` for
                 *     descending order. Must be used in conjunction with the sortBy parameter.
                 * @enum {string|null}
                 */
                sortOrder?: "asc" | "desc" | null;
            }[] | null;
        };
        HistoricVariableInstanceDto: {
            /** @description The id of the variable instance. */
            id?: string | null;
            /** @description The name of the variable instance. */
            name?: string | null;
            /** @description The key of the process definition the variable instance belongs to. */
            processDefinitionKey?: string | null;
            /** @description The id of the process definition the variable instance belongs to. */
            processDefinitionId?: string | null;
            /** @description The process instance id the variable instance belongs to. */
            processInstanceId?: string | null;
            /** @description The execution id the variable instance belongs to. */
            executionId?: string | null;
            /** @description The id of the activity instance in which the variable is valid. */
            activityInstanceId?: string | null;
            /** @description The key of the case definition the variable instance belongs to. */
            caseDefinitionKey?: string | null;
            /** @description The id of the case definition the variable instance belongs to. */
            caseDefinitionId?: string | null;
            /** @description The case instance id the variable instance belongs to. */
            caseInstanceId?: string | null;
            /** @description The case execution id the variable instance belongs to. */
            caseExecutionId?: string | null;
            /** @description The id of the task the variable instance belongs to. */
            taskId?: string | null;
            /** @description The id of the tenant that this variable instance belongs to. */
            tenantId?: string | null;
            /** @description An error message in case a Java Serialized Object could not be de-serialized. */
            errorMessage?: string | null;
            /** @description The current state of the variable. Can be 'CREATED' or 'DELETED'. */
            state?: string | null;
            /**
             * Format: date-time
             * @description The time the variable was inserted. [Default format](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/) `yyyy-MM-dd'T'HH:mm:ss.SSSZ`.
             */
            createTime?: string | null;
            /**
             * Format: date-time
             * @description The time after which the variable should be removed by the History Cleanup job.
             *     [Default format](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/) `yyyy-MM-dd'T'HH:mm:ss.SSSZ`.
             */
            removalTime?: string | null;
            /**
             * @description The process instance id of the root process instance that initiated the process
             *     containing this variable.
             */
            rootProcessInstanceId?: string | null;
        } & components["schemas"]["VariableValueDto"];
        IncidentDto: {
            /** @description The id of the incident. */
            id?: string | null;
            /** @description The id of the process definition this incident is associated with. */
            processDefinitionId?: string | null;
            /** @description The id of the process instance this incident is associated with. */
            processInstanceId?: string | null;
            /** @description The id of the execution this incident is associated with. */
            executionId?: string | null;
            /**
             * Format: date-time
             * @description The time this incident happened. By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/),
             *     the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            incidentTimestamp?: string | null;
            /**
             * @description The type of incident, for example: `failedJobs` will be returned in case of an incident which identified
             *     a failed job during the execution of a process instance. See the
             *     [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types) for a list of incident types.
             */
            incidentType?: string | null;
            /** @description The id of the activity this incident is associated with. */
            activityId?: string | null;
            /** @description The id of the activity on which the last exception occurred. */
            failedActivityId?: string | null;
            /** @description The id of the associated cause incident which has been triggered. */
            causeIncidentId?: string | null;
            /** @description The id of the associated root cause incident which has been triggered. */
            rootCauseIncidentId?: string | null;
            /** @description The payload of this incident. */
            configuration?: string | null;
            /** @description The id of the tenant this incident is associated with. */
            tenantId?: string | null;
            /** @description The message of this incident. */
            incidentMessage?: string | null;
            /** @description The job definition id the incident is associated with. */
            jobDefinitionId?: string | null;
            /** @description The annotation set to the incident. */
            annotation?: string | null;
        };
        LinkableDto: {
            /** @description The links associated to this resource, with `method`, `href` and `rel`. */
            links?: components["schemas"]["AtomLink"][] | null;
        };
        /** LockedExternalTaskDto */
        LockedExternalTaskDto: {
            /** @description The id of the activity that this external task belongs to. */
            activityId?: string | null;
            /** @description The id of the activity instance that the external task belongs to. */
            activityInstanceId?: string | null;
            /**
             * @description The full error message submitted with the latest reported failure executing this task;`null` if no failure
             *     was reported previously or if no error message was submitted
             */
            errorMessage?: string | null;
            /**
             * @description The error details submitted with the latest reported failure executing this task.`null` if no failure was
             *     reported previously or if no error details was submitted
             */
            errorDetails?: string | null;
            /** @description The id of the execution that the external task belongs to. */
            executionId?: string | null;
            /** @description The id of the external task. */
            id?: string | null;
            /**
             * Format: date-time
             * @description The date that the task's most recent lock expires or has expired.
             */
            lockExpirationTime?: string | null;
            /** @description The id of the process definition the external task is defined in. */
            processDefinitionId?: string | null;
            /** @description The key of the process definition the external task is defined in. */
            processDefinitionKey?: string | null;
            /** @description The version tag of the process definition the external task is defined in. */
            processDefinitionVersionTag?: string | null;
            /** @description The id of the process instance the external task belongs to. */
            processInstanceId?: string | null;
            /** @description The id of the tenant the external task belongs to. */
            tenantId?: string | null;
            /**
             * Format: int32
             * @description The number of retries the task currently has left.
             */
            retries?: number | null;
            /** @description Whether the process instance the external task belongs to is suspended. */
            suspended?: boolean | null;
            /** @description The id of the worker that posesses or posessed the most recent lock. */
            workerId?: string | null;
            /**
             * Format: int64
             * @description The priority of the external task.
             */
            priority?: number | null;
            /** @description The topic name of the external task. */
            topicName?: string | null;
            /** @description The business key of the process instance the external task belongs to. */
            businessKey?: string | null;
            /**
             * @description A JSON object containing a property for each of the requested variables. The key is the variable name,
             *     the value is a JSON object of serialized variable values with the following properties:
             */
            variables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
            /**
             * @description A JSON object containing a property for each extension property. The key is the property name,
             *     the value is the property value
             */
            extensionProperties?: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @description The date that the task was created.
             */
            createTime?: string | null;
        };
        /**
         * @description The `processInstance` property only has a value if the resultType is set to `ProcessDefinition`.
         *     The processInstance with the properties as described in the
         *     [get single instance](https://docs.operaton.org/manual/1.0/reference/rest/process-instance/get/) method.
         *
         *     The `execution` property only has a value if the resultType is set to `Execution`.
         *     The execution with the properties as described in the
         *     [get single execution](https://docs.operaton.org/manual/1.0/reference/rest/execution/get/) method.
         */
        MessageCorrelationResultWithVariableDto: {
            /**
             * @description Indicates if the message was correlated to a message start event or an
             *     intermediate message catching event. In the first case, the resultType is
             *     `ProcessDefinition` and otherwise `Execution`.
             * @enum {string|null}
             */
            resultType?: "Execution" | "ProcessDefinition" | null;
            processInstance?: components["schemas"]["ProcessInstanceDto"];
            execution?: components["schemas"]["ExecutionDto"];
            /**
             * @description This property is returned if the `variablesInResultEnabled` is set to `true`.
             *     Contains a list of the process variables.
             */
            variables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
        };
        MultiFormDeploymentDto: {
            /** @description The tenant id for the deployment to be created. */
            "tenant-id"?: string | null;
            /** @description The source for the deployment to be created. */
            "deployment-source"?: string | null;
            /**
             * @description A flag indicating whether the process engine should perform duplicate checking on a per-resource basis.
             *     If set to true, only those resources that have actually changed are deployed.
             *     Checks are made against resources included previous deployments of the same name and source and only against the latest versions of those resources.
             *     If set to true, the option enable-duplicate-filtering is overridden and set to true.
             * @default false
             */
            "deploy-changed-only": boolean | null;
            /**
             * @description A flag indicating whether the process engine should perform duplicate checking for the deployment or not.
             *     This allows you to check if a deployment with the same name and the same resouces already exists and
             *     if true, not create a new deployment but instead return the existing deployment. The default value is false.
             * @default false
             */
            "enable-duplicate-filtering": boolean | null;
            /** @description The name for the deployment to be created. */
            "deployment-name"?: string | null;
            /**
             * Format: date-time
             * @description Sets the date on which the process definitions contained in this deployment will be activated. This means that all process
             *     definitions will be deployed as usual, but they will be suspended from the start until the given activation date.
             *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/),
             *     the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
             */
            "deployment-activation-time"?: string | null;
            /**
             * Format: binary
             * @description The binary data to create the deployment resource.
             *     It is possible to have more than one form part with different form part names for the binary data to create a deployment.
             */
            data?: string | null;
        };
        ParseExceptionDto: {
            /** @description A JSON Object containing list of errors and warnings occurred during deployment. */
            details?: {
                [key: string]: components["schemas"]["ResourceReportDto"];
            } | null;
        } & components["schemas"]["ExceptionDto"];
        ProblemDto: {
            /** @description The message of the problem. */
            message?: string | null;
            /**
             * Format: int32
             * @description The line where the problem occurred.
             */
            line?: number | null;
            /**
             * Format: int32
             * @description The column where the problem occurred.
             */
            column?: number | null;
            /** @description The main element id where the problem occurred. */
            mainElementId?: string | null;
            /** @description A list of element id affected by the problem. */
            elementIds?: string[] | null;
        };
        ProcessDefinitionDto: {
            /** @description The id of the process definition */
            id?: string | null;
            /** @description The key of the process definition, i.e., the id of the BPMN 2.0 XML process definition. */
            key?: string | null;
            /** @description The category of the process definition. */
            category?: string | null;
            /** @description The description of the process definition. */
            description?: string | null;
            /** @description The name of the process definition. */
            name?: string | null;
            /**
             * Format: int32
             * @description The version of the process definition that the engine assigned to it.
             */
            version?: number | null;
            /** @description The file name of the process definition. */
            resource?: string | null;
            /** @description The deployment id of the process definition. */
            deploymentId?: string | null;
            /** @description The file name of the process definition diagram, if it exists. */
            diagram?: string | null;
            /** @description A flag indicating whether the definition is suspended or not. */
            suspended?: boolean | null;
            /** @description The tenant id of the process definition. */
            tenantId?: string | null;
            /** @description The version tag of the process definition. */
            versionTag?: string | null;
            /**
             * Format: int32
             * @description History time to live value of the process definition.
             *     Is used within [History cleanup](https://docs.operaton.org/manual/1.0/user-guide/process-engine/history/#history-cleanup).
             */
            historyTimeToLive?: number | null;
            /** @description A flag indicating whether the process definition is startable in Tasklist or not. */
            startableInTasklist?: boolean | null;
        };
        ProcessInstanceDto: {
            /** @description The id of the process instance. */
            id?: string | null;
            /** @description The id of the process definition that this process instance belongs to. */
            definitionId?: string | null;
            /** @description The key of the process definition that this process instance belongs to. */
            definitionKey?: string | null;
            /** @description The business key of the process instance. */
            businessKey?: string | null;
            /** @description The id of the case instance associated with the process instance. */
            caseInstanceId?: string | null;
            /**
             * @deprecated
             * @description A flag indicating whether the process instance has ended or not. Deprecated: will always be false!
             */
            ended?: boolean | null;
            /** @description A flag indicating whether the process instance is suspended or not. */
            suspended?: boolean | null;
            /** @description The tenant id of the process instance. */
            tenantId?: string | null;
        } & components["schemas"]["LinkableDto"];
        /** @description A process instance query which defines a group of process instances */
        ProcessInstanceQueryDto: {
            /** @description Filter by the deployment the id belongs to. */
            deploymentId?: string | null;
            /** @description Filter by the process definition the instances run on. */
            processDefinitionId?: string | null;
            /** @description Filter by the key of the process definition the instances run on. */
            processDefinitionKey?: string | null;
            /**
             * @description Filter by a list of process definition keys.
             *     A process instance must have one of the given process definition keys. Must be a JSON array of Strings.
             */
            processDefinitionKeyIn?: string[] | null;
            /**
             * @description Exclude instances by a list of process definition keys.
             *     A process instance must not have one of the given process definition keys. Must be a JSON array of Strings.
             */
            processDefinitionKeyNotIn?: string[] | null;
            /** @description Filter by process instance business key. */
            businessKey?: string | null;
            /** @description Filter by process instance business key that the parameter is a substring of. */
            businessKeyLike?: string | null;
            /** @description Filter by case instance id. */
            caseInstanceId?: string | null;
            /**
             * @description Restrict query to all process instances that are sub process instances of the given process instance.
             *     Takes a process instance id.
             */
            superProcessInstance?: string | null;
            /**
             * @description Restrict query to all process instances that have the given process instance as a sub process instance.
             *     Takes a process instance id.
             */
            subProcessInstance?: string | null;
            /**
             * @description Restrict query to all process instances that are sub process instances of the given case instance.
             *     Takes a case instance id.
             */
            superCaseInstance?: string | null;
            /**
             * @description Restrict query to all process instances that have the given case instance as a sub case instance.
             *     Takes a case instance id.
             */
            subCaseInstance?: string | null;
            /** @description Only include active process instances. Value may only be true, as false is the default behavior. */
            active?: boolean | null;
            /** @description Only include suspended process instances. Value may only be true, as false is the default behavior. */
            suspended?: boolean | null;
            /** @description Filter by a list of process instance ids. Must be a JSON array of Strings. */
            processInstanceIds?: string[] | null;
            /** @description Filter by presence of incidents. Selects only process instances that have an incident. */
            withIncident?: boolean | null;
            /** @description Filter by the incident id. */
            incidentId?: string | null;
            /** @description Filter by the incident type. See the User Guide for a list of incident types. */
            incidentType?: string | null;
            /** @description Filter by the incident message. Exact match. */
            incidentMessage?: string | null;
            /** @description Filter by the incident message that the parameter is a substring of. */
            incidentMessageLike?: string | null;
            /**
             * @description Filter by a list of tenant ids. A process instance must have one of the given tenant ids.
             *     Must be a JSON array of Strings.
             */
            tenantIdIn?: string[] | null;
            /**
             * @description Only include process instances which belong to no tenant.
             *     Value may only be true, as false is the default behavior.
             */
            withoutTenantId?: boolean | null;
            /** @description Only include process instances which process definition has no tenant id. */
            processDefinitionWithoutTenantId?: boolean | null;
            /**
             * @description Filter by a list of activity ids.
             *     A process instance must currently wait in a leaf activity with one of the given activity ids.
             */
            activityIdIn?: string[] | null;
            /** @description Restrict the query to all process instances that are top level process instances. */
            rootProcessInstances?: boolean | null;
            /** @description Restrict the query to all process instances that are leaf instances. (i.e. don't have any sub instances) */
            leafProcessInstances?: boolean | null;
            /**
             * @description A JSON array to only include process instances that have variables with certain values.
             *     The array consists of objects with the three properties `name`, `operator` and `value`.
             *     `name` (String) is the variable name,
             *     `operator` (String) is the comparison operator to be used and `value` the variable value.
             *     The `value` may be String, Number or Boolean.
             *
             *     Valid operator values are: `eq` - equal to; `neq` - not equal to; `gt` - greater than;
             *     `gteq` - greater than or equal to; `lt` - lower than; `lteq` - lower than or equal to; `like`.
             */
            variables?: components["schemas"]["VariableQueryParameterDto"][] | null;
            /**
             * @description Match all variable names in this query case-insensitively.
             *     If set to true variableName and variablename are treated as equal.
             */
            variableNamesIgnoreCase?: boolean | null;
            /**
             * @description Match all variable values in this query case-insensitively.
             *     If set to true variableValue and variablevalue are treated as equal.
             */
            variableValuesIgnoreCase?: boolean | null;
            /**
             * @description A JSON array of nested process instance queries with OR semantics.
             *     A process instance matches a nested query if it fulfills at least one of the query's predicates.
             *     With multiple nested queries, a process instance must fulfill at least one predicate of each query (Conjunctive Normal Form).
             *     All process instance query properties can be used except for: `sorting`
             *     See the [User guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/process-engine-api/#or-queries) for more information about OR queries.
             */
            orQueries?: components["schemas"]["ProcessInstanceQueryDto"][] | null;
            /** @description Apply sorting of the result */
            sorting?: {
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 * @enum {string|null}
                 */
                sortBy?: "instanceId" | "definitionId" | "definitionKey" | "businessKey" | "tenantId" | null;
                /**
                 * @description Sort the results in a given order. Values may be `asc` for ascending order or `desc` for
                 *     descending order. Must be used in conjunction with the sortBy parameter.
                 * @enum {string|null}
                 */
                sortOrder?: "asc" | "desc" | null;
            }[] | null;
        };
        ResourceReportDto: {
            /** @description A list of errors occurred during parsing. */
            errors?: components["schemas"]["ProblemDto"][] | null;
            /** @description A list of warnings occurred during parsing. */
            warnings?: components["schemas"]["ProblemDto"][] | null;
        };
        RetriesDto: {
            /**
             * Format: int32
             * @description The number of retries to set for the resource.  Must be >= 0. If this is 0, an incident is created
             *     and the task, or job, cannot be fetched, or acquired anymore unless the retries are increased again.
             *     Can not be null.
             */
            retries?: number | null;
        };
        SetRetriesForExternalTasksDto: {
            /**
             * Format: int32
             * @description The number of retries to set for the external task.  Must be >= 0. If this is 0, an incident is created
             *     and the task cannot be fetched anymore unless the retries are increased again. Can not be null.
             */
            retries?: number | null;
            /** @description The ids of the external tasks to set the number of retries for. */
            externalTaskIds?: string[] | null;
            /** @description The ids of process instances containing the tasks to set the number of retries for. */
            processInstanceIds?: string[] | null;
            externalTaskQuery?: components["schemas"]["ExternalTaskQueryDto"];
            processInstanceQuery?: components["schemas"]["ProcessInstanceQueryDto"];
            historicProcessInstanceQuery?: components["schemas"]["HistoricProcessInstanceQueryDto"];
        };
        TaskBpmnErrorDto: {
            /**
             * @description An error code that indicates the predefined error. It is used to identify the BPMN
             *     error handler.
             */
            errorCode?: string | null;
            /** @description An error message that describes the error. */
            errorMessage?: string | null;
            /** @description A JSON object containing variable key-value pairs. */
            variables?: {
                [key: string]: components["schemas"]["VariableValueDto"];
            } | null;
        };
        VariableQueryParameterDto: {
            /** @description Variable name */
            name?: string | null;
        } & components["schemas"]["ConditionQueryParameterDto"];
        VariableValueDto: {
            value?: components["schemas"]["AnyValue"];
            /** @description The value type of the variable. */
            type?: string | null;
            /**
             * @description A JSON object containing additional, value-type-dependent properties.
             *     For serialized variables of type Object, the following properties can be provided:
             *
             *     * `objectTypeName`: A string representation of the object's type name.
             *     * `serializationDataFormat`: The serialization format used to store the variable.
             *
             *     For serialized variables of type File, the following properties can be provided:
             *
             *     * `filename`: The name of the file. This is not the variable name but the name that will be used when downloading the file again.
             *     * `mimetype`: The MIME type of the file that is being uploaded.
             *     * `encoding`: The encoding of the file that is being uploaded.
             *
             *     The following property can be provided for all value types:
             *
             *     * `transient`: Indicates whether the variable should be transient or
             *     not. See [documentation](https://docs.operaton.org/manual/1.0/user-guide/process-engine/variables#transient-variables) for more informations.
             *     (Not applicable for `decision-definition`, ` /process-instance/variables-async`, and `/migration/executeAsync` endpoints)
             */
            valueInfo?: {
                [key: string]: unknown;
            };
        };
        VersionDto: {
            /** @description The version of the Rest API. */
            version?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getRestAPIVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionDto"];
                };
            };
        };
    };
    getDeployments: {
        parameters: {
            query?: {
                /** @description Filter by deployment id */
                id?: string;
                /** @description Filter by the deployment name. Exact match. */
                name?: string;
                /**
                 * @description Filter by the deployment name that the parameter is a substring of. The parameter can include the
                 *     wildcard `%` to express like-strategy such as: starts with (`%`name), ends with (name`%`) or contains
                 *     (`%`name`%`).
                 */
                nameLike?: string;
                /** @description Filter by the deployment source. */
                source?: string;
                /** @description Filter by the deployment source whereby source is equal to `null`. */
                withoutSource?: boolean;
                /** @description Filter by a comma-separated list of tenant ids. A deployment must have one of the given tenant ids. */
                tenantIdIn?: string;
                /**
                 * @description Only include deployments which belong to no tenant. Value may only be `true`, as `false` is the default
                 *     behavior.
                 */
                withoutTenantId?: boolean;
                /**
                 * @description Include deployments which belong to no tenant. Can be used in combination with `tenantIdIn`. Value may
                 *     only be `true`, as `false` is the default behavior.
                 */
                includeDeploymentsWithoutTenantId?: boolean;
                /**
                 * @description Restricts to all deployments after the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format
                 *     `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                after?: string;
                /**
                 * @description Restricts to all deployments before the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format
                 *     `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                before?: string;
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "id" | "name" | "deploymentTime" | "tenantId";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentDto"][];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid, for example if a `sortOrder` parameter is supplied,
             *     but no `sortBy`, or if an invalid operator for variable comparison is used. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    createDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "multipart/form-data": components["schemas"]["MultiFormDeploymentDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentWithDefinitionsDto"];
                };
            };
            /**
             * @description Bad Request. In case one of the bpmn resources cannot be parsed.
             *
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#parse-exceptions) for
             *     the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParseExceptionDto"];
                };
            };
        };
    };
    deleteDeployment: {
        parameters: {
            query?: {
                /**
                 * @description `true`, if all process instances, historic process instances and jobs for this deployment
                 *     should be deleted.
                 */
                cascade?: boolean;
                /** @description `true`, if only the built-in ExecutionListeners should be notified with the end event. */
                skipCustomListeners?: boolean;
                /** @description `true`, if all input/output mappings should not be invoked. */
                skipIoMappings?: boolean;
            };
            header?: never;
            path: {
                /** @description The id of the deployment to be deleted. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description A Deployment with the provided id does not exist. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getProcessDefinitions: {
        parameters: {
            query?: {
                /** @description Filter by process definition id. */
                processDefinitionId?: string;
                /** @description Filter by a comma-separated list of process definition ids. */
                processDefinitionIdIn?: string;
                /** @description Filter by process definition name. */
                name?: string;
                /** @description Filter by process definition names that the parameter is a substring of. */
                nameLike?: string;
                /** @description Filter by the deployment the id belongs to. */
                deploymentId?: string;
                /**
                 * @description Filter by the deploy time of the deployment the process definition belongs to.
                 *     Only selects process definitions that have been deployed after (exclusive) a specific time.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the
                 *     format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g.,
                 *     `2013-01-23T14:42:45.546+0200`.
                 */
                deployedAfter?: string;
                /**
                 * @description Filter by the deploy time of the deployment the process definition belongs to.
                 *     Only selects process definitions that have been deployed at a specific time (exact match).
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the
                 *     format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g.,
                 *     `2013-01-23T14:42:45.546+0200`.
                 */
                deployedAt?: string;
                /** @description Filter by process definition key, i.e., the id in the BPMN 2.0 XML. Exact match. */
                key?: string;
                /** @description Filter by a comma-separated list of process definition keys. */
                keysIn?: string;
                /** @description Filter by process definition keys that the parameter is a substring of. */
                keyLike?: string;
                /** @description Filter by process definition category. Exact match. */
                category?: string;
                /** @description Filter by process definition categories that the parameter is a substring of. */
                categoryLike?: string;
                /** @description Filter by process definition version. */
                version?: number;
                /**
                 * @description Only include those process definitions that are latest versions.
                 *     Value may only be `true`, as `false` is the default behavior.
                 */
                latestVersion?: boolean;
                /** @description Filter by the name of the process definition resource. Exact match. */
                resourceName?: string;
                /** @description Filter by names of those process definition resources that the parameter is a substring of. */
                resourceNameLike?: string;
                /** @description Filter by a user name who is allowed to start the process. */
                startableBy?: string;
                /**
                 * @description Only include active process definitions.
                 *     Value may only be `true`, as `false` is the default behavior.
                 */
                active?: boolean;
                /**
                 * @description Only include suspended process definitions.
                 *     Value may only be `true`, as `false` is the default behavior.
                 */
                suspended?: boolean;
                /** @description Filter by the incident id. */
                incidentId?: string;
                /**
                 * @description Filter by the incident type.
                 *     See the [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types)
                 *     for a list of incident types.
                 */
                incidentType?: string;
                /** @description Filter by the incident message. Exact match. */
                incidentMessage?: string;
                /** @description Filter by the incident message that the parameter is a substring of. */
                incidentMessageLike?: string;
                /**
                 * @description Filter by a comma-separated list of tenant ids.
                 *     A process definition must have one of the given tenant ids.
                 */
                tenantIdIn?: string;
                /**
                 * @description Only include process definitions which belong to no tenant.
                 *     Value may only be true, as false is the default behavior.
                 */
                withoutTenantId?: boolean;
                /**
                 * @description Include process definitions which belong to no tenant. Can be used in combination with `tenantIdIn`.
                 *     Value may only be `true`, as `false` is the default behavior.
                 */
                includeProcessDefinitionsWithoutTenantId?: boolean;
                /** @description Filter by the version tag. */
                versionTag?: string;
                /** @description Filter by the version tag that the parameter is a substring of. */
                versionTagLike?: string;
                /** @description Only include process definitions without a `versionTag`. */
                withoutVersionTag?: boolean;
                /** @description Filter by process definitions which are startable in Tasklist.. */
                startableInTasklist?: boolean;
                /** @description Filter by process definitions which are not startable in Tasklist. */
                notStartableInTasklist?: boolean;
                /**
                 * @description Filter by process definitions which the user is allowed to start in Tasklist.
                 *     If the user doesn't have these permissions the result will be empty list.
                 *     The permissions are:
                 *     * `CREATE` permission for all Process instances
                 *     * `CREATE_INSTANCE` and `READ` permission on Process definition level
                 */
                startablePermissionCheck?: boolean;
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "category" | "key" | "id" | "name" | "version" | "deploymentId" | "deployTime" | "tenantId " | "versionTag";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDefinitionDto"][];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid, for example if a `sortOrder` parameter is supplied,
             *     but no `sortBy`. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    deliverMessage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CorrelationMessageDto"];
            };
        };
        responses: {
            /**
             * @description Request successful. The property `resultEnabled` in the request body was `true`.
             *     The `variables` property is only returned, if the property variablesInResultEnable`
             *     was set to `true` in the request.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageCorrelationResultWithVariableDto"][];
                };
            };
            /** @description Request successful. The property `resultEnabled` in the request body was `false` (Default). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Returned if:
             *     * no `messageName` was supplied
             *     * both `tenantId` and `withoutTenantId` are supplied
             *     * the message has not been correlated to exactly one entity (execution or process definition)
             *     * the variable value or type is invalid, for example if the value could not be parsed to an Integer value or the passed variable type is not supported.
             *
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling) for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getProcessInstances: {
        parameters: {
            query?: {
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "instanceId" | "definitionKey" | "definitionId" | "tenantId" | "businessKey";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
                /** @description Filter by a comma-separated list of process instance ids. */
                processInstanceIds?: string;
                /** @description Filter by process instance business key. */
                businessKey?: string;
                /** @description Filter by process instance business key that the parameter is a substring of. */
                businessKeyLike?: string;
                /** @description Filter by case instance id. */
                caseInstanceId?: string;
                /** @description Filter by the deployment the id belongs to. */
                processDefinitionId?: string;
                /** @description Filter by the key of the process definition the instances run on. */
                processDefinitionKey?: string;
                /**
                 * @description Filter by a comma-separated list of process definition keys.
                 *     A process instance must have one of the given process definition keys.
                 */
                processDefinitionKeyIn?: string;
                /**
                 * @description Exclude instances by a comma-separated list of process definition keys.
                 *     A process instance must not have one of the given process definition keys.
                 */
                processDefinitionKeyNotIn?: string;
                /** @description Filter by the deployment the id belongs to. */
                deploymentId?: string;
                /**
                 * @description Restrict query to all process instances that are sub process instances of the given process instance.
                 *     Takes a process instance id.
                 */
                superProcessInstance?: string;
                /**
                 * @description Restrict query to all process instances that have the given process instance as a sub process instance.
                 *     Takes a process instance id.
                 */
                subProcessInstance?: string;
                /**
                 * @description Restrict query to all process instances that are sub process instances of the given case instance.
                 *     Takes a case instance id.
                 */
                superCaseInstance?: string;
                /**
                 * @description Restrict query to all process instances that have the given case instance as a sub case instance.
                 *     Takes a case instance id.
                 */
                subCaseInstance?: string;
                /**
                 * @description Only include active process instances. Value may only be true,
                 *     as false is the default behavior.
                 */
                active?: boolean;
                /**
                 * @description Only include suspended process instances. Value may only be true,
                 *     as false is the default behavior.
                 */
                suspended?: boolean;
                /** @description Filter by presence of incidents. Selects only process instances that have an incident. */
                withIncident?: boolean;
                /** @description Filter by the incident id. */
                incidentId?: string;
                /**
                 * @description Filter by the incident type.
                 *     See the [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types)
                 *     for a list of incident types.
                 */
                incidentType?: string;
                /** @description Filter by the incident message. Exact match. */
                incidentMessage?: string;
                /** @description Filter by the incident message that the parameter is a substring of. */
                incidentMessageLike?: string;
                /** @description Filter by a comma-separated list of tenant ids. A process instance must have one of the given tenant ids. */
                tenantIdIn?: string;
                /** @description Only include process instances which belong to no tenant. */
                withoutTenantId?: boolean;
                /** @description Only include process instances which process definition has no tenant id. */
                processDefinitionWithoutTenantId?: boolean;
                /**
                 * @description Filter by a comma-separated list of activity ids.
                 *     A process instance must currently wait in a leaf activity with one of the given activity ids.
                 */
                activityIdIn?: string;
                /** @description Restrict the query to all process instances that are top level process instances. */
                rootProcessInstances?: boolean;
                /** @description Filter by root process instance id. */
                rootProcessInstanceId?: string;
                /** @description Restrict the query to all process instances that are leaf instances. (i.e. don't have any sub instances). */
                leafProcessInstances?: boolean;
                /**
                 * @description Only include process instances that have variables with certain values.
                 *     Variable filtering expressions are comma-separated and are structured as follows:
                 *
                 *     A valid parameter value has the form `key_operator_value`. `key` is the variable name,
                 *     `operator` is the comparison operator to be used and `value` the variable value.
                 *
                 *     **Note**: Values are always treated as String objects on server side.
                 *
                 *     Valid `operator` values are:
                 *     `eq` - equal to;
                 *     `neq` - not equal to;
                 *     `gt` - greater than;
                 *     `gteq` - greater than or equal to;
                 *     `lt` - lower than;
                 *     `lteq` - lower than or equal to;
                 *     `like`.
                 *     `key` and `value` may not contain underscore or comma characters.
                 */
                variables?: string;
                /**
                 * @description Match all variable names in this query case-insensitively.
                 *     If set to true variableName and variablename are treated as equal.
                 */
                variableNamesIgnoreCase?: boolean;
                /**
                 * @description Match all variable values in this query case-insensitively.
                 *     If set to true variableValue and variablevalue are treated as equal.
                 */
                variableValuesIgnoreCase?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessInstanceDto"][];
                };
            };
            /**
             * @description Bad Request
             *     Returned if some of the query parameters are invalid,
             *     for example if a sortOrder parameter is supplied, but no sortBy, or if an invalid operator for variable comparison is used.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    queryProcessInstances: {
        parameters: {
            query?: {
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ProcessInstanceQueryDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessInstanceDto"][];
                };
            };
            /**
             * @description Bad Request
             *     Returned if some of the query parameters are invalid,
             *     for example if a sortOrder parameter is supplied, but no sortBy, or if an invalid operator for variable comparison is used.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    deleteProcessInstance: {
        parameters: {
            query?: {
                /** @description If set to true, the custom listeners will be skipped. */
                skipCustomListeners?: boolean;
                /** @description If set to true, the input/output mappings will be skipped. */
                skipIoMappings?: boolean;
                /** @description If set to true, subprocesses related to deleted processes will be skipped. */
                skipSubprocesses?: boolean;
                /** @description If set to false, the request will still be successful if the process id is not found. */
                failIfNotExists?: boolean;
            };
            header?: never;
            path: {
                /** @description The id of the process instance to be deleted. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Not found
             *     Process instance with given id does not exist.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getProcessInstanceVariables: {
        parameters: {
            query?: {
                /**
                 * @description Determines whether serializable variable values (typically variables that store custom Java objects)
                 *     should be deserialized on server side (default true).
                 *
                 *     If set to true, a serializable variable will be deserialized on server side and transformed to JSON
                 *     using [Jackson's](https://github.com/FasterXML/jackson) POJO/bean property introspection feature.
                 *     Note that this requires the Java classes of the variable value to be on the REST API's classpath.
                 *
                 *     If set to false, a serializable variable will be returned in its serialized format.
                 *     For example, a variable that is serialized as XML will be returned as a JSON string containing XML.
                 *
                 *     Note: While true is the default value for reasons of backward compatibility, we recommend setting this parameter to false
                 *     when developing web applications that are independent of the Java process applications deployed to the engine.
                 */
                deserializeValues?: boolean;
            };
            header?: never;
            path: {
                /** @description The id of the process instance to retrieve the variables from. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: components["schemas"]["VariableValueDto"];
                    };
                };
            };
            /** @description Process instance with given id does not exist. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getHistoricProcessInstances: {
        parameters: {
            query?: {
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "instanceId" | "definitionId" | "definitionKey" | "definitionName" | "definitionVersion" | "businessKey" | "startTime" | "endTime" | "duration" | "tenantId";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
                /** @description Filter by process instance id. */
                processInstanceId?: string;
                /** @description Filter by process instance ids. Filter by a comma-separated list of `Strings`. */
                processInstanceIds?: string;
                /** @description Exclude instances by process instance ids. Filter by a comma-separated list of `Strings`. */
                processInstanceIdNotIn?: string;
                /** @description Filter by the process definition the instances run on. */
                processDefinitionId?: string;
                /** @description Filter by the key of the process definition the instances run on. */
                processDefinitionKey?: string;
                /** @description Filter by a list of process definition keys. A process instance must have one of the given process definition keys. Filter by a comma-separated list of `Strings`. */
                processDefinitionKeyIn?: string;
                /** @description Filter by the name of the process definition the instances run on. */
                processDefinitionName?: string;
                /** @description Filter by process definition names that the parameter is a substring of. */
                processDefinitionNameLike?: string;
                /** @description Exclude instances that belong to a set of process definitions. Filter by a comma-separated list of `Strings`. */
                processDefinitionKeyNotIn?: string;
                /** @description Filter by process instance business key. */
                processInstanceBusinessKey?: string;
                /** @description Filter by a list of business keys. A process instance must have one of the given business keys. Filter by a comma-separated list of `Strings` */
                processInstanceBusinessKeyIn?: string;
                /** @description Filter by process instance business key that the parameter is a substring of. */
                processInstanceBusinessKeyLike?: string;
                /** @description Restrict the query to all process instances that are top level process instances. */
                rootProcessInstances?: boolean;
                /** @description Filter by root process instance id. */
                rootProcessInstanceId?: string;
                /**
                 * @description Only include finished process instances. This flag includes all process instances
                 *     that are completed or terminated. Value may only be `true`, as `false` is the default behavior.
                 */
                finished?: boolean;
                /** @description Only include unfinished process instances. Value may only be `true`, as `false` is the default behavior. */
                unfinished?: boolean;
                /**
                 * @description Only include process instances which are associated with jobs that have encountered exceptions and still
                 *     have retries left. Value may only be `true`, as `false` is the default behavior.
                 */
                withJobsRetrying?: boolean;
                /** @description Only include process instances which have an incident. Value may only be `true`, as `false` is the default behavior. */
                withIncidents?: boolean;
                /** @description Only include process instances which have a root incident. Value may only be `true`, as `false` is the default behavior. */
                withRootIncidents?: boolean;
                /** @description Restrict to instances that have an incident with one of the given ids. Filter by a comma-separated list of `Strings` */
                incidentIdIn?: string;
                /** @description Filter by the incident type. See the [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types) for a list of incident types. */
                incidentType?: string;
                /** @description Only include process instances which have an incident in status either open or resolved. To get all process instances, use the query parameter withIncidents. */
                incidentStatus?: "open" | "resolved";
                /** @description Filter by the incident message. Exact match. */
                incidentMessage?: string;
                /** @description Filter by the incident message that the parameter is a substring of. */
                incidentMessageLike?: string;
                /**
                 * @description Restrict to instances that were started before the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                startedBefore?: string;
                /**
                 * @description Restrict to instances that were started after the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                startedAfter?: string;
                /**
                 * @description Restrict to instances that were finished before the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                finishedBefore?: string;
                /**
                 * @description Restrict to instances that were finished after the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                finishedAfter?: string;
                /**
                 * @description Restrict to instances that executed an activity after the given date (inclusive).
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                executedActivityAfter?: string;
                /**
                 * @description Restrict to instances that executed an activity before the given date (inclusive).
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                executedActivityBefore?: string;
                /**
                 * @description Restrict to instances that executed an job after the given date (inclusive).
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                executedJobAfter?: string;
                /**
                 * @description Restrict to instances that executed an job before the given date (inclusive).
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                executedJobBefore?: string;
                /** @description Only include process instances that were started by the given user. */
                startedBy?: string;
                /** @description Restrict query to all process instances that are sub process instances of the given process instance. Takes a process instance id. */
                superProcessInstanceId?: string;
                /** @description Restrict query to one process instance that has a sub process instance with the given id. */
                subProcessInstanceId?: string;
                /** @description Restrict query to all process instances that are sub process instances of the given case instance. Takes a case instance id. */
                superCaseInstanceId?: string;
                /** @description Restrict query to one process instance that has a sub case instance with the given id. */
                subCaseInstanceId?: string;
                /** @description Restrict query to all process instances that are sub process instances of the given case instance. Takes a case instance id. */
                caseInstanceId?: string;
                /** @description Filter by a list of tenant ids. A process instance must have one of the given tenant ids. Filter by a comma-separated list of `Strings` */
                tenantIdIn?: string;
                /** @description Only include historic process instances which belong to no tenant. Value may only be `true`, as `false` is the default behavior. */
                withoutTenantId?: boolean;
                /** @description Restrict to instances with an active activity with one of the given ids. In contrast to the `activeActivityIdIn` filter, it can query for async and incident activities. Filter by a comma-separated list of `Strings` */
                activityIdIn?: string;
                /** @description Restrict to instances that executed an activity with one of given ids. Filter by a comma-separated list of `Strings` */
                executedActivityIdIn?: string;
                /** @description Restrict to instances that have an active activity with one of given ids. Filter by a comma-separated list of `Strings` */
                activeActivityIdIn?: string;
                /** @description Restrict to instances that are active. */
                active?: boolean;
                /** @description Restrict to instances that are suspended. */
                suspended?: boolean;
                /** @description Restrict to instances that are completed. */
                completed?: boolean;
                /** @description Restrict to instances that are externallyTerminated. */
                externallyTerminated?: boolean;
                /** @description Restrict to instances that are internallyTerminated. */
                internallyTerminated?: boolean;
                /**
                 * @description Only include process instances that have/had variables with certain values.
                 *     Variable filtering expressions are comma-separated and are structured as follows:
                 *     A valid parameter value has the form `key_operator_value`. `key` is the variable name, `operator` is the comparison operator to be used and `value` the variable value.
                 *
                 *     **Note:** Values are always treated as String objects on server side.
                 *
                 *     Valid operator values are: `eq` - equal to; `neq` - not equal to; `gt` - greater than; `gteq` - greater than or equal to; `lt` - lower than; `lteq` - lower than or equal to; `like`.
                 *
                 *     Key and value may not contain underscore or comma characters.
                 */
                variables?: string;
                /** @description Match all variable names provided in variables case-insensitively. If set to `true` variableName and variablename are treated as equal. */
                variableNamesIgnoreCase?: boolean;
                /** @description Match all variable values provided in variables case-insensitively. If set to `true` variableValue and variablevalue are treated as equal. */
                variableValuesIgnoreCase?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoricProcessInstanceDto"][];
                };
            };
            /**
             * @description Bad Request
             *     Returned if some of the query parameters are invalid, for example if a sortOrder parameter is supplied, but no sortBy.
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling) for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    queryHistoricProcessInstances: {
        parameters: {
            query?: {
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["HistoricProcessInstanceQueryDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoricProcessInstanceDto"][];
                };
            };
            /**
             * @description Bad Request
             *     Returned if some of the query parameters are invalid, for example if a sortOrder parameter is supplied, but no sortBy.
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling) for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getHistoricVariableInstances: {
        parameters: {
            query?: {
                /** @description Filter by variable name. */
                variableName?: string;
                /** @description Restrict to variables with a name like the parameter. */
                variableNameLike?: string;
                /** @description Filter by variable value. Is treated as a `String` object on server side. */
                variableValue?: Record<string, never>;
                /**
                 * @description Match the variable name provided in `variableName` and `variableNameLike` case-
                 *     insensitively. If set to `true` **variableName** and **variablename** are
                 *     treated as equal.
                 */
                variableNamesIgnoreCase?: boolean;
                /**
                 * @description Match the variable value provided in `variableValue` case-insensitively. If set to `true`
                 *     **variableValue** and **variablevalue** are treated as equal.
                 */
                variableValuesIgnoreCase?: boolean;
                /**
                 * @description Only include historic variable instances which belong to one of the passed and comma-
                 *     separated variable types. A list of all supported variable types can be found
                 *     [here](https://docs.operaton.org/manual/1.0/user-guide/process-engine/variables/#supported-variable-values).
                 *     **Note:** All non-primitive variables are associated with the type
                 *     'serializable'.
                 */
                variableTypeIn?: string;
                /** @description Include variables that has already been deleted during the execution. */
                includeDeleted?: boolean;
                /** @description Filter by the process instance the variable belongs to. */
                processInstanceId?: string;
                /** @description Only include historic variable instances which belong to one of the passed and comma-separated process instance ids. */
                processInstanceIdIn?: string;
                /** @description Filter by the process definition the variable belongs to. */
                processDefinitionId?: string;
                /** @description Filter by a key of the process definition the variable belongs to. */
                processDefinitionKey?: string;
                /** @description Only include historic variable instances which belong to one of the passed and and comma-separated execution ids. */
                executionIdIn?: string;
                /** @description Filter by the case instance the variable belongs to. */
                caseInstanceId?: string;
                /** @description Only include historic variable instances which belong to one of the passed and and comma-separated case execution ids. */
                caseExecutionIdIn?: string;
                /** @description Only include historic variable instances which belong to one of the passed and and comma-separated case activity ids. */
                caseActivityIdIn?: string;
                /** @description Only include historic variable instances which belong to one of the passed and and comma-separated task ids. */
                taskIdIn?: string;
                /** @description Only include historic variable instances which belong to one of the passed and and comma-separated activity instance ids. */
                activityInstanceIdIn?: string;
                /**
                 * @description Only include historic variable instances which belong to one of the passed and comma-
                 *     separated tenant ids.
                 */
                tenantIdIn?: string;
                /**
                 * @description Only include historic variable instances that belong to no tenant. Value may only be
                 *     `true`, as `false` is the default behavior.
                 */
                withoutTenantId?: boolean;
                /** @description Only include historic variable instances which belong to one of the passed and comma-separated variable names. */
                variableNameIn?: string;
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "instanceId" | "variableName" | "tenantId";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
                /**
                 * @description Determines whether serializable variable values (typically variables that
                 *     store custom Java objects) should be deserialized on server side (default
                 *     `true`).
                 *
                 *     If set to `true`, a serializable variable will be deserialized on server side
                 *     and transformed to JSON using
                 *     [Jackson's](https://github.com/FasterXML/jackson) POJO/bean property
                 *     introspection feature. Note that this requires the Java classes of the
                 *     variable value to be on the REST API's classpath.
                 *
                 *     If set to `false`, a serializable variable will be returned in its serialized
                 *     format. For example, a variable that is serialized as XML will be returned as
                 *     a JSON string containing XML.
                 *
                 *     **Note:** While `true` is the default value for reasons of backward
                 *     compatibility, we recommend setting this parameter to `false` when developing
                 *     web applications that are independent of the Java process applications
                 *     deployed to the engine.
                 */
                deserializeValues?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoricVariableInstanceDto"][];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid, for example if a `sortOrder`
             *     parameter is supplied, but no `sortBy`. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getExternalTasks: {
        parameters: {
            query?: {
                /** @description Filter by an external task's id. */
                externalTaskId?: string;
                /** @description Filter by the comma-separated list of external task ids. */
                externalTaskIdIn?: string;
                /** @description Filter by an external task topic. */
                topicName?: string;
                /** @description Filter by the id of the worker that the task was most recently locked by. */
                workerId?: string;
                /**
                 * @description Only include external tasks that are currently locked (i.e., they have a lock time and it has not expired).
                 *     Value may only be `true`, as `false` matches any external task.
                 */
                locked?: boolean;
                /**
                 * @description Only include external tasks that are currently not locked (i.e., they have no lock or it has expired).
                 *     Value may only be `true`, as `false` matches any external task.
                 */
                notLocked?: boolean;
                /**
                 * @description Only include external tasks that have a positive (&gt; 0) number of retries (or `null`). Value may only be
                 *     `true`, as `false` matches any external task.
                 */
                withRetriesLeft?: boolean;
                /**
                 * @description Only include external tasks that have 0 retries. Value may only be `true`, as `false` matches any
                 *     external task.
                 */
                noRetriesLeft?: boolean;
                /**
                 * @description Restrict to external tasks that have a lock that expires after a given date. By
                 *     [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format
                 *     `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                lockExpirationAfter?: string;
                /**
                 * @description Restrict to external tasks that have a lock that expires before a given date. By
                 *     [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date must have the format
                 *     `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                lockExpirationBefore?: string;
                /** @description Filter by the id of the activity that an external task is created for. */
                activityId?: string;
                /** @description Filter by the comma-separated list of ids of the activities that an external task is created for. */
                activityIdIn?: string;
                /** @description Filter by the id of the execution that an external task belongs to. */
                executionId?: string;
                /** @description Filter by the id of the process instance that an external task belongs to. */
                processInstanceId?: string;
                /** @description Filter by a comma-separated list of process instance ids that an external task may belong to. */
                processInstanceIdIn?: string;
                /** @description Filter by the id of the process definition that an external task belongs to. */
                processDefinitionId?: string;
                /**
                 * @description Filter by a comma-separated list of tenant ids.
                 *     An external task must have one of the given tenant ids.
                 */
                tenantIdIn?: string;
                /** @description Only include active tasks. Value may only be `true`, as `false` matches any external task. */
                active?: boolean;
                /** @description Only include suspended tasks. Value may only be `true`, as `false` matches any external task. */
                suspended?: boolean;
                /**
                 * @description Only include jobs with a priority higher than or equal to the given value.
                 *     Value must be a valid `long` value.
                 */
                priorityHigherThanOrEquals?: number;
                /**
                 * @description Only include jobs with a priority lower than or equal to the given value.
                 *     Value must be a valid `long` value.
                 */
                priorityLowerThanOrEquals?: number;
                /** @description Restrict to tasks that belong to a process definition with the given key. */
                processDefinitionKey?: string;
                /**
                 * @description Restrict to tasks that belong to a process definition with one of the given keys. The
                 *     keys need to be in a comma-separated list.
                 */
                processDefinitionKeyIn?: string;
                /** @description Restrict to tasks that belong to a process definition with the given name. */
                processDefinitionName?: string;
                /**
                 * @description Restrict to tasks that have a process definition name that has the parameter value as
                 *     a substring.
                 */
                processDefinitionNameLike?: string;
                /**
                 * @description Match all variable names in this query case-insensitively. If set
                 *     `variableName` and `variablename` are treated as equal.
                 */
                variableNamesIgnoreCase?: boolean;
                /**
                 * @description Match all variable values in this query case-insensitively. If set
                 *     `variableValue` and `variablevalue` are treated as equal.
                 */
                variableValuesIgnoreCase?: boolean;
                /**
                 * @description Only include tasks that belong to process instances that have variables with certain
                 *     values. Variable filtering expressions are comma-separated and are structured as
                 *     follows:
                 *
                 *     A valid parameter value has the form `key_operator_value`. `key` is the variable name,
                 *     `operator` is the comparison operator to be used and `value` the variable value.
                 *
                 *     **Note**: Values are always treated as String objects on server side.
                 *
                 *     Valid `operator` values are:
                 *     `eq` - equal to;
                 *     `neq` - not equal to;
                 *     `gt` - greater than;
                 *     `gteq` - greater than or equal to;
                 *     `lt` - lower than;
                 *     `lteq` - lower than or equal to;
                 *     `like`;
                 *     `notLike`.
                 *     `key` and `value` may not contain underscore or comma characters.
                 */
                processVariables?: string;
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "id" | "lockExpirationTime" | "processInstanceId" | "processDefinitionId" | "processDefinitionKey" | "taskPriority" | "tenantId";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExternalTaskDto"][];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid, for example if a `sortOrder` parameter is supplied,
             *     but no `sortBy`. See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    queryExternalTasks: {
        parameters: {
            query?: {
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ExternalTaskQueryDto"];
            };
        };
        responses: {
            /** @description Request successful. The Response is a JSON array of external task objects. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExternalTaskDto"][];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid, for example if a `sortOrder` parameter is supplied,
             *     but no `sortBy`. See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    setExternalTaskRetries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SetRetriesForExternalTasksDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description In case the number of retries is negative or null, an exception of type `InvalidRequestException` is
             *     returned. See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    setExternalTaskResourceRetries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the external task to set the number of retries for. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RetriesDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description In case the number of retries is negative or null, an exception of type `InvalidRequestException`
             *     is returned. See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    fetchAndLock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["FetchExternalTasksDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LockedExternalTaskDto"][];
                };
            };
            /**
             * @description Bad Request. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    completeExternalTaskResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the task to complete. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CompleteExternalTaskDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Returned if the task's most recent lock was not acquired by the provided worker. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the corresponding process instance could not be resumed successfully. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    handleFailure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the external task to report a failure for. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ExternalTaskFailureDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Returned if the task's most recent lock was not acquired by the provided worker. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the corresponding process instance could not be resumed successfully. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    handleExternalTaskBpmnError: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the external task in which context a BPMN error is reported. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ExternalTaskBpmnError"];
            };
        };
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Returned if the task's most recent lock was not acquired by the provided worker.
             *
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event.
             *
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the corresponding process instance could not be resumed successfully.
             *
             *     See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    extendLock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the external task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ExtendLockOnExternalTaskDto"];
            };
        };
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description In case the new lock duration is negative or the external task is not locked by the given worker or not
             *     locked at all, an exception of type `InvalidRequestException` is returned. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    unlock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the external task to unlock. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Returned if the task does not exist. This could indicate a wrong task id as well as a cancelled task,
             *     e.g., due to a caught BPMN boundary event. See the
             *     [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling)
             *     for the error response format.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getIncidents: {
        parameters: {
            query?: {
                /** @description Restricts to incidents that have the given id. */
                incidentId?: string;
                /**
                 * @description Restricts to incidents that belong to the given incident type. See the
                 *     [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types) for a list of incident
                 *     types.
                 */
                incidentType?: string;
                /** @description Restricts to incidents that have the given incident message. */
                incidentMessage?: string;
                /**
                 * @description Restricts to incidents that incidents message is a substring of the given value. The string can include
                 *     the wildcard character '%' to express like-strategy: starts with (`string%`), ends with (`%string`) or
                 *     contains (`%string%`).
                 */
                incidentMessageLike?: string;
                /** @description Restricts to incidents that belong to a process definition with the given id. */
                processDefinitionId?: string;
                /**
                 * @description Restricts to incidents that belong to a process definition with the given keys. Must be a
                 *     comma-separated list.
                 */
                processDefinitionKeyIn?: string;
                /** @description Restricts to incidents that belong to a process instance with the given id. */
                processInstanceId?: string;
                /** @description Restricts to incidents that belong to an execution with the given id. */
                executionId?: string;
                /**
                 * @description Restricts to incidents that have an incidentTimestamp date before the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date
                 *     must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                incidentTimestampBefore?: string;
                /**
                 * @description Restricts to incidents that have an incidentTimestamp date after the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date
                 *     must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                incidentTimestampAfter?: string;
                /** @description Restricts to incidents that belong to an activity with the given id. */
                activityId?: string;
                /** @description Restricts to incidents that were created due to the failure of an activity with the given id. */
                failedActivityId?: string;
                /** @description Restricts to incidents that have the given incident id as cause incident. */
                causeIncidentId?: string;
                /** @description Restricts to incidents that have the given incident id as root cause incident. */
                rootCauseIncidentId?: string;
                /** @description Restricts to incidents that have the given parameter set as configuration. */
                configuration?: string;
                /** @description Restricts to incidents that have one of the given comma-separated tenant ids. */
                tenantIdIn?: string;
                /** @description Restricts to incidents that have one of the given comma-separated job definition ids. */
                jobDefinitionIdIn?: string;
                /**
                 * @description Sort the results lexicographically by a given criterion.
                 *     Must be used in conjunction with the sortOrder parameter.
                 */
                sortBy?: "incidentId" | "incidentMessage" | "incidentTimestamp" | "incidentType" | "executionId" | "activityId" | "processInstanceId" | "processDefinitionId" | "causeIncidentId" | "rootCauseIncidentId" | "configuration" | "tenantId";
                /**
                 * @description Sort the results in a given order. Values may be asc for ascending order or desc for descending order.
                 *     Must be used in conjunction with the sortBy parameter.
                 */
                sortOrder?: "asc" | "desc";
                /** @description Pagination of results. Specifies the index of the first result to return. */
                firstResult?: number;
                /**
                 * @description Pagination of results. Specifies the maximum number of results to return.
                 *     Will return less results if there are no more results left.
                 */
                maxResults?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentDto"][];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid, for example if a `sortOrder` parameter is supplied,
             *     but no `sortBy`. See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling) for the error
             *     response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
    getIncidentsCount: {
        parameters: {
            query?: {
                /** @description Restricts to incidents that have the given id. */
                incidentId?: string;
                /**
                 * @description Restricts to incidents that belong to the given incident type. See the
                 *     [User Guide](https://docs.operaton.org/manual/1.0/user-guide/process-engine/incidents/#incident-types) for a list of incident
                 *     types.
                 */
                incidentType?: string;
                /** @description Restricts to incidents that have the given incident message. */
                incidentMessage?: string;
                /**
                 * @description Restricts to incidents that incidents message is a substring of the given value. The string can include
                 *     the wildcard character '%' to express like-strategy: starts with (`string%`), ends with (`%string`) or
                 *     contains (`%string%`).
                 */
                incidentMessageLike?: string;
                /** @description Restricts to incidents that belong to a process definition with the given id. */
                processDefinitionId?: string;
                /**
                 * @description Restricts to incidents that belong to a process definition with the given keys. Must be a
                 *     comma-separated list.
                 */
                processDefinitionKeyIn?: string;
                /** @description Restricts to incidents that belong to a process instance with the given id. */
                processInstanceId?: string;
                /** @description Restricts to incidents that belong to an execution with the given id. */
                executionId?: string;
                /**
                 * @description Restricts to incidents that have an incidentTimestamp date before the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date
                 *     must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                incidentTimestampBefore?: string;
                /**
                 * @description Restricts to incidents that have an incidentTimestamp date after the given date.
                 *     By [default](https://docs.operaton.org/manual/1.0/reference/rest/overview/date-format/), the date
                 *     must have the format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g., `2013-01-23T14:42:45.000+0200`.
                 */
                incidentTimestampAfter?: string;
                /** @description Restricts to incidents that belong to an activity with the given id. */
                activityId?: string;
                /** @description Restricts to incidents that were created due to the failure of an activity with the given id. */
                failedActivityId?: string;
                /** @description Restricts to incidents that have the given incident id as cause incident. */
                causeIncidentId?: string;
                /** @description Restricts to incidents that have the given incident id as root cause incident. */
                rootCauseIncidentId?: string;
                /** @description Restricts to incidents that have the given parameter set as configuration. */
                configuration?: string;
                /** @description Restricts to incidents that have one of the given comma-separated tenant ids. */
                tenantIdIn?: string;
                /** @description Restricts to incidents that have one of the given comma-separated job definition ids. */
                jobDefinitionIdIn?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request successful. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CountResultDto"];
                };
            };
            /**
             * @description Returned if some of the query parameters are invalid. See the [Introduction](https://docs.operaton.org/manual/1.0/reference/rest/overview/#error-handling) for the error
             *     response format.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionDto"];
                };
            };
        };
    };
}
