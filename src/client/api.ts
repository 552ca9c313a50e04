/* Generated from /openapi.json by scripts/client-types.ts (npm run generate:client): do not edit. */

export interface paths {
    "/api/catalog/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List collections */
        get: operations["listCatalogCollections"];
        /** Upsert collections */
        put: operations["putCatalogCollections"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/catalog/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List products */
        get: operations["listCatalogProducts"];
        /** Upsert products */
        put: operations["putCatalogProducts"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This month's credits */
        get: operations["getCatalogCredits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List optimization jobs */
        get: operations["listCatalogJobs"];
        put?: never;
        /** Start an optimization job */
        post: operations["createCatalogJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a job with its results */
        get: operations["getCatalogJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Write a job's results to the catalog */
        post: operations["applyCatalogJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a job */
        post: operations["cancelCatalogJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a job's items */
        get: operations["listCatalogJobItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ops/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List leads with their latest evaluation */
        get: operations["listLeads"];
        put?: never;
        /** Create a lead */
        post: operations["createLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ops/leads/{leadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a lead */
        get: operations["getLead"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a lead */
        patch: operations["updateLead"];
        trace?: never;
    };
    "/api/ops/leads/{leadId}/ai-evaluation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The lead's latest evaluation */
        get: operations["getLeadEvaluation"];
        put?: never;
        /** Request an AI evaluation of a lead (charges the month's evaluation quota) */
        post: operations["requestLeadEvaluation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ops/leads/{leadId}/ai-evaluation/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One evaluation job of the lead */
        get: operations["getLeadEvaluationJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Swagger UI over this document */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Swagger UI's scripts and styles, and the page's init.js */
        get: operations["getDocsAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process runs */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus text exposition (needs an admin key: it names tenants) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document (generated per request: job types declared at run time appear at once) */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers within 2 s */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream changes to all of the tenant's jobs (Server-Sent Events)
         * @description EventSource cannot send headers: the key may also be passed as `?access_token=`.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/job-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the job types */
        get: operations["listJobTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/job-types/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a job type */
        get: operations["getJobType"];
        /**
         * Declare or replace a job type (admin)
         * @description Jobs already admitted keep what they were charged; a replaced handler applies to items claimed from now on. An `http` handler gets a signing secret, returned in this response only.
         */
        put: operations["putJobType"];
        post?: never;
        /**
         * Delete a job type declared over the API (admin)
         * @description Refused with 409 while the type has pending or processing jobs.
         */
        delete: operations["deleteJobType"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/job-types/{name}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an HTTP handler's signing secret (admin)
         * @description The new secret is returned once. The previous one keeps signing beside it for 24 hours, so the handler can switch without dropping a request.
         */
        post: operations["rotateJobTypeSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List jobs, newest first */
        get: operations["listJobs"];
        put?: never;
        /**
         * Admit a job
         * @description Validates the input, deduplicates, charges the meter and stores the job with its items in one transaction. Send `Idempotency-Key` to make retries safe: the same key and body replay the stored response for 24 h.
         */
        post: operations["admitJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a job with its progress */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending or processing job
         * @description Unfinished items are cancelled and their cost refunded through the ledger, once.
         */
        post: operations["cancelJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a job's changes (Server-Sent Events)
         * @description Sends the job at once, then on every change; the stream ends when the job does. A reconnect whose `Last-Event-ID` is the finished job's last event is answered 204, which makes EventSource stop. EventSource cannot send headers: the key may also be passed as `?access_token=`.
         */
        get: operations["streamJobEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a job's items in order */
        get: operations["listJobItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the admin and worker keys (never the secrets) */
        get: operations["listKeys"];
        put?: never;
        /**
         * Create an admin key or a worker key (keys of no tenant)
         * @description A worker key (`role: "worker"`) names the `job_types` it may claim and settle through the /v1/worker routes, and may use no other route. The response is the only place the key appears.
         */
        post: operations["createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key */
        delete: operations["revokeKey"];
        options?: never;
        head?: never;
        /**
         * Change a key's name or budgets
         * @description A tenant key may carry monthly budgets per meter, inside its tenant's allowance: admission charges both or neither. `{"limits": {"credits": 500}}` sets a budget, `{"credits": null}` removes one, `"limits": null` removes them all. A change applies to admissions from then on (within KEY_CACHE_MS in other processes); lowering a budget refunds nothing.
         */
        patch: operations["updateKey"];
        trace?: never;
    };
    "/v1/keys/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A key's budgets this period: used, limit and remaining per meter
         * @description A tenant key may read its own tenant's keys; an admin key any key. Another tenant's key is not found.
         */
        get: operations["getKeyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the key is, and the tenant it acts for */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Authenticated no-op (parses a JSON body) */
        post: operations["ping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants by id */
        get: operations["listTenants"];
        put?: never;
        /** Create a tenant */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a tenant */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a tenant's name, tier or limits
         * @description Limits take effect at once. `null` removes an override. Lowering a limit below what is used admits nothing more and refunds nothing.
         */
        patch: operations["updateTenant"];
        trace?: never;
    };
    "/v1/tenants/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a tenant's keys (never the secrets) */
        get: operations["listTenantKeys"];
        put?: never;
        /**
         * Create an API key for a tenant
         * @description The response is the only place the key appears; only its SHA-256 hash is stored.
         */
        post: operations["createTenantKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every meter of the caller's tenant this period */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ledger entries, newest first */
        get: operations["getUsageHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's webhook endpoints, newest first */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description The response is the only place the signing secret appears. Only public addresses are accepted unless WEBHOOKS_ALLOW_PRIVATE=true.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook endpoint */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /** Change an endpoint's URL, events, description, or enable it again */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint's deliveries, newest first */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries/{delivery}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver again now
         * @description The same event, with the same `webhook-id`.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret
         * @description The new secret is shown once. The previous one signs too (a second signature) until `rotation_overlap_until`.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test event (`webhook.test`) to this endpoint */
        post: operations["sendWebhookTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim items to run (worker or admin key)
         * @description Claims up to `max` pending items of `types`, fairly across tenants and within their caps, under a lease of `lease_ms`. With nothing ready it waits up to `wait_ms` and answers as soon as work arrives (long poll), with an empty list otherwise.
         */
        post: operations["claimItems"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend the leases of many running items at once
         * @description Extends the lease of each item this worker holds on the given attempt to `lease_ms` from now (default: the longest lease of any registered type). An item in `lost` is no longer held (its lease expired and it was taken back, its job was cancelled, or it was settled): stop running it, its outcome would be refused.
         */
        post: operations["heartbeatItems"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/items/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Settle an item as succeeded with its result */
        post: operations["completeItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/items/{id}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a failed attempt
         * @description A retryable failure is tried again with backoff (at least `retry_after_ms`) while attempts remain; otherwise the item fails and its cost is refunded.
         */
        post: operations["failItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/items/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend an item's lease while it runs */
        post: operations["heartbeatItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/settle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle many outcomes at once
         * @description Each outcome is settled or refused on its own: `lease_lost` for one whose lease or attempt this worker no longer holds.
         */
        post: operations["settleItems"];
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
        /** @description A job: its type, and the input that type takes. Each branch is one registered job type. */
        AdmitJob: components["schemas"]["AdmitJobCatalogOptimization"] | components["schemas"]["AdmitJobChatCompletion"] | components["schemas"]["AdmitJobEcho"] | components["schemas"]["AdmitJobLeadEvaluation"];
        /** catalog_optimization */
        AdmitJobCatalogOptimization: {
            input?: {
                attributes: ("title" | "description" | "seo_title" | "seo_description" | "tags" | "alt_text")[];
                collectionIds?: string[];
                language: string;
                productIds?: string[];
                /** @default null */
                prompt?: string | null;
                /** @enum {string} */
                sourceScope: "products" | "collections";
            };
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "catalog_optimization";
        };
        /**
         * chat_completion
         * @description One chat answer, paid by its tokens: holds the price of the prompt and max_tokens, settles to the reported usage
         */
        AdmitJobChatCompletion: {
            input?: {
                max_tokens: number;
                messages: {
                    content: string;
                    /** @enum {string} */
                    role: "system" | "user" | "assistant";
                }[];
                model: string;
            };
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "chat_completion";
        };
        /** echo */
        AdmitJobEcho: {
            input?: {
                /** @enum {string} */
                fail?: "transient" | "permanent";
                fail_attempts?: number;
                fail_seqs?: number[];
                /** @default 1 */
                items?: number;
                message?: string;
                /** @default 0 */
                sleep_ms?: number;
                subject?: string;
            };
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "echo";
        };
        /** lead_evaluation */
        AdmitJobLeadEvaluation: {
            input?: {
                lead_id: string;
                /** @default auto */
                model_version?: string;
            };
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "lead_evaluation";
        };
        AdmittedJob: {
            job: components["schemas"]["Job"];
            meter: components["schemas"]["Meter"];
        };
        CatalogError: {
            code: string;
            error: string;
            field?: string;
            message: string;
        };
        ClaimedItem: {
            attempt: number;
            id: number;
            input?: unknown;
            job_id: string;
            lease_expires_at: string;
            seq: number;
            tenant_id: string;
            type: string;
        };
        /** @description The input of each job an item belongs to, once per claim however many of the job's items it holds. */
        ClaimedJobs: {
            [key: string]: {
                input?: unknown;
            };
        };
        ClaimRequest: {
            lease_ms?: number;
            /** @default 10 */
            max?: number;
            types: string[];
            /** @default 0 */
            wait_ms?: number;
        };
        CreatedKey: components["schemas"]["Key"] & {
            /** @description The secret. Shown once; only its hash is stored. */
            key: string;
        };
        Item: {
            /** @description What the item was charged in the end: its actual cost (or price) when it succeeded, 0 when it failed or was cancelled, null while open. */
            actual: number | null;
            /** @description For a job that settles to its actual cost: what the succeeded item was charged in the end (`cost` was its hold). */
            actual_cost: number | null;
            attempts: number;
            cost: number;
            error: string | null;
            finished_at: string | null;
            id: number;
            input?: unknown;
            /** @description The item's share of the admission charge: the same as `cost`. */
            reserved: number;
            result?: unknown;
            seq: number;
            started_at: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "succeeded" | "failed" | "cancelled";
            /** @description A reported actual cost above what could be charged (overage capped). */
            uncharged: number;
        };
        Job: {
            /** @description What the job cost in the end, once it has finished (null before): what its succeeded items kept; failed and cancelled items were refunded. */
            actual: number | null;
            /** @description The charge at admission: the price, or for `settle: actual` the hold. */
            cost: number;
            created_at: string;
            error: string | null;
            /** @description When the job is expected to finish (active jobs only); null when finished, or when no worker serves its type (see estimated_completion_reason). */
            estimated_completion: string | null;
            /** @description Why an active job has no estimate: no worker has been seen for its type lately. */
            estimated_completion_reason: string | null;
            finished_at: string | null;
            /** @example job_3x9Kq2Lm8Np4Rs7T */
            id: string;
            input?: unknown;
            items_total: number;
            meter: string;
            /** @example 2026-11 */
            period: string;
            progress: {
                items_cancelled: number;
                items_done: number;
                items_failed: number;
                items_total: number;
                percent: number;
            };
            requested_by: string | null;
            /** @description What admission reserved of the allowance: the same as `cost`. */
            reserved: number;
            result?: unknown;
            /** @enum {string} */
            settle: "fixed" | "actual";
            started_at: string | null;
            /** @enum {string} */
            status: "pending" | "processing" | "completed" | "partially_completed" | "failed" | "cancelled";
            subject: string | null;
            type: string;
        };
        JobType: {
            /** @description The cost rule of a declared type; null for a type whose cost is code. */
            cost: {
                [key: string]: unknown;
            } | null;
            created_at: string | null;
            description: string | null;
            handler: {
                /** @enum {string} */
                kind: "in-process" | "remote" | "http";
            } & {
                [key: string]: unknown;
            };
            input_schema: {
                [key: string]: unknown;
            };
            items: {
                from: string;
            } | null;
            lease_ms: number | null;
            max_attempts: number;
            meter: string;
            name: string;
            queue?: {
                oldest_pending_since: string | null;
                pending: number;
                running: number;
            };
            /** @enum {string} */
            source: "built-in" | "code" | "config" | "api";
            subject: string | null;
            updated_at: string | null;
            version: number | null;
        };
        JobTypeDeclaration: {
            [key: string]: unknown;
        };
        Key: {
            created_at: string;
            id: string;
            /** @description A worker key: the job types it may claim and settle; null for other keys. */
            job_types: string[] | null;
            last_used_at: string | null;
            /**
             * @description A tenant key's monthly budgets per meter, inside its tenant's allowance; `{}` for none.
             * @example {
             *       "credits": 500
             *     }
             */
            limits: {
                [key: string]: number;
            };
            name: string | null;
            prefix: string;
            revoked_at: string | null;
            /** @enum {string} */
            role: "admin" | "tenant" | "worker";
            tenant_id: string | null;
        };
        KeyMeter: {
            /** @enum {string} */
            kind: "quota" | "credits";
            /** @description The budget; null once it was removed (the meter still shows what was charged). */
            limit: number | null;
            name: string;
            period: string;
            remaining: number | null;
            resets_at: string;
            /** @description What the key's budget was charged this period, net of releases and refunds: the key's ledger entries. */
            used: number;
        };
        KeyUsage: {
            key_id: string;
            meters: components["schemas"]["KeyMeter"][];
            period: string;
            tenant_id: string;
        };
        LeadError: {
            code?: string;
            error: string;
            errors?: unknown[];
            message?: string;
            /** @constant */
            success: false;
        };
        LedgerEntry: {
            amount: number;
            created_at: string;
            id: number;
            item_id: number | null;
            job_id: string | null;
            /** @enum {string} */
            kind: "charge" | "refund" | "release" | "adjustment";
            meter: string;
            period: string;
            reason: string | null;
        };
        Meter: {
            /** @description The part of `used` that is open holds of jobs settling to their actual cost (GET /v1/usage). */
            held?: number;
            /** @enum {string} */
            kind: "quota" | "credits";
            limit: number;
            name: string;
            period: string;
            remaining: number;
            resets_at: string;
            /** @description `used − held` (GET /v1/usage). */
            spent?: number;
            /** @description All charges net of releases and refunds this period: the ledger. */
            used: number;
        };
        Problem: {
            code: string;
            detail: string;
            instance?: string;
            request_id?: string;
            status: number;
            title: string;
            type: string;
        } & {
            [key: string]: unknown;
        };
        Readiness: {
            /** @enum {unknown} */
            database: "sqlite" | "postgres";
            error?: string;
            /** @enum {unknown} */
            status: "ready" | "not_ready";
        };
        SettledItem: {
            already: boolean;
            attempt: number;
            id: number;
            /** @enum {string} */
            status: "succeeded" | "failed" | "pending";
        };
        StoredJobType: components["schemas"]["JobType"] & {
            /** @description An HTTP handler's signing secret: shown when it is made, and after a rotation, never again. */
            secret?: string;
        };
        Tenant: {
            created_at: string;
            id: string;
            limits: {
                [key: string]: number;
            };
            max_concurrency: number | null;
            name: string;
            tier: string;
            updated_at: string;
        };
        WebhookDelivery: {
            attempts: number;
            created_at: string;
            /** @description The `webhook-id` header: the same on every attempt. */
            event_id: string;
            event_type: string;
            id: number;
            last_duration_ms: number | null;
            last_error: string | null;
            last_status_code: number | null;
            next_attempt_at: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "gave_up";
            updated_at: string;
        };
        WebhookEndpoint: {
            created_at: string;
            description: string | null;
            /** @description Why it was disabled: `410 Gone`, failing for days, or by the tenant. */
            disabled_reason: string | null;
            enabled: boolean;
            events: ("job.completed" | "job.partially_completed" | "job.failed" | "job.cancelled" | "usage.threshold")[];
            failing_since: string | null;
            /** @example whe_3x9Kq2Lm8Np4Rs7T */
            id: string;
            /** @description Until when the previous secret signs too, after a rotation. */
            rotation_overlap_until: string | null;
            updated_at: string;
            url: string;
        };
        WebhookEndpointWithSecret: components["schemas"]["WebhookEndpoint"] & {
            /** @description The signing secret `whsec_…`. Shown once. */
            secret: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key. */
        IdempotentReplayed: "true";
        /** @description The next page (RFC 8288, `rel="next"`), the same as the body's cursor; absent on the last page. */
        Link: string;
        /** @description Where the created resource is. */
        Location: string;
        /** @description The meter's state (draft-ietf-httpapi-ratelimit-headers): `"<meter>";r=<remaining>;t=<seconds until it resets>`. */
        RateLimit: string;
        /** @description The meter's policy: `"<meter>";q=<limit>;w=<window in seconds>`, the window one period. */
        RateLimitPolicy: string;
        /** @description This request's id: the client's `X-Request-Id` when it is a sane one, else a fresh UUID. Also in problem documents as `request_id`. */
        RequestId: string;
        /** @description Seconds to wait before retrying (RFC 9110 §10.2.3). */
        RetryAfter: string;
        /** @description The scheme to authenticate with (RFC 9110 §11.6.1): `Bearer`. */
        WWWAuthenticate: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listCatalogCollections: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The collections */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: unknown[];
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    putCatalogCollections: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Upserted */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        upserted: number;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    listCatalogProducts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: string;
                search?: string;
            };
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of products */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    putCatalogProducts: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Upserted */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        upserted: number;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    getCatalogCredits: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Credits */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        creditsTotal: number;
                        creditsUsed: number;
                        month: string;
                        remaining: number;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    listCatalogJobs: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: string;
                status?: string;
            };
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of jobs */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: Record<string, never>[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    createCatalogJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe (RFC 8941 sf-string, or a bare token) */
                "Idempotency-Key"?: string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    IdempotentReplayed: components["headers"]["IdempotentReplayed"];
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Not enough credits (or held by running jobs) */
            402: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description A request with this Idempotency-Key is in flight */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The Idempotency-Key was used with another body */
            422: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    getCatalogJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    applyCatalogJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Applied */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The job cannot be applied (yet) */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    cancelCatalogJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled job */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The job is finished */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    listCatalogJobItems: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: string;
            };
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of items */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogError"];
                };
            };
        };
    };
    listLeads: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: string;
                status?: string;
            };
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of leads */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: unknown[];
                        next_cursor?: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    createLead: {
        parameters: {
            query?: never;
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description A lead with this id exists */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    getLead: {
        parameters: {
            query?: never;
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The lead */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    updateLead: {
        parameters: {
            query?: never;
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The lead */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    getLeadEvaluation: {
        parameters: {
            query?: never;
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The evaluation */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    requestLeadEvaluation: {
        parameters: {
            query?: never;
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Admitted */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                        usage?: Record<string, never>;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An evaluation is pending, or the lead was evaluated (send force_refresh) */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The monthly evaluation quota is used up, or held by running evaluations */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    getLeadEvaluationJob: {
        parameters: {
            query?: never;
            header: {
                /** @description The site (a tenant) the request is for */
                "X-Site-Id": string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The user making the request (at most 200 characters) */
                "X-User-Id": string;
            };
            path: {
                jobId: string;
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The evaluation */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadError"];
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getDocsAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/javascript": string;
                    "text/css": string;
                    "text/javascript": string;
                };
            };
            /** @description No such file */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format 0.0.4 */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description No key, or a key that is invalid or revoked */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An OpenAPI 3.1 document */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description The key, for clients that cannot send headers (EventSource). Prefer the Authorization header. */
                access_token?: string;
                /** @description With an admin key passed as `access_token`: the tenant to act for (EventSource cannot send X-Tenant-Id). */
                tenant_id?: string;
            };
            header?: {
                /** @description Sent by EventSource when it reconnects: the id of the last event it received. */
                "Last-Event-ID"?: string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `event: job` messages whose data is the job as `GET /v1/jobs/{id}` renders it */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every registered type */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["JobType"][];
                    };
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJobType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The type */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobType"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putJobType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JobTypeDeclaration"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredJobType"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredJobType"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteJobType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateJobTypeSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        previous_valid_until: string;
                        secret: string;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "processing" | "completed" | "partially_completed" | "failed" | "cancelled";
                type?: string;
            };
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of jobs */
            200: {
                headers: {
                    Link: components["headers"]["Link"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Job"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    admitJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: an RFC 8941 string (`"order 42"`) or a bare value (`ik-1`, the same key as `"ik-1"`); see docs/api.md. */
                "idempotency-key"?: string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
                /** @description The end user on whose behalf the job is requested; stored as requested_by. */
                "x-user-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdmitJob"];
            };
        };
        responses: {
            /** @description Admitted */
            201: {
                headers: {
                    IdempotentReplayed: components["headers"]["IdempotentReplayed"];
                    Location: components["headers"]["Location"];
                    RateLimit: components["headers"]["RateLimit"];
                    RateLimitPolicy: components["headers"]["RateLimitPolicy"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdmittedJob"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            402: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    RateLimitPolicy: components["headers"]["RateLimitPolicy"];
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            422: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    RateLimitPolicy: components["headers"]["RateLimitPolicy"];
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled job */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamJobEvents: {
        parameters: {
            query?: {
                /** @description The key, for clients that cannot send headers (EventSource). Prefer the Authorization header. */
                access_token?: string;
                /** @description With an admin key passed as `access_token`: the tenant to act for (EventSource cannot send X-Tenant-Id). */
                tenant_id?: string;
            };
            header?: {
                /** @description Sent by EventSource when it reconnects: the id of the last event it received. */
                "Last-Event-ID"?: string;
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `event: job` messages whose data is the job as `GET /v1/jobs/{id}` renders it */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The job has finished and the client saw its last event: nothing more will come */
            204: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobItems: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
            };
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of items */
            200: {
                headers: {
                    Link: components["headers"]["Link"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Item"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Keys */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Key"][];
                    };
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    job_types?: string[];
                    limits?: {
                        [key: string]: number;
                    };
                    name?: string;
                    /**
                     * @default tenant
                     * @enum {string}
                     */
                    role?: "admin" | "tenant" | "worker";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedKey"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    limits?: {
                        [key: string]: number | null;
                    } | null;
                    name?: string | null;
                };
            };
        };
        responses: {
            /** @description The key */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Key"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getKeyUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key's usage */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyUsage"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: {
                            id: string;
                            name: string | null;
                            prefix: string;
                            /** @enum {string} */
                            role: "admin" | "tenant" | "worker";
                        };
                        tenant: components["schemas"]["Tenant"] | null;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description pong */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenants: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tenants */
            200: {
                headers: {
                    Link: components["headers"]["Link"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Tenant"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id?: string;
                    limits?: {
                        [key: string]: number | null;
                    };
                    max_concurrency?: number | null;
                    name: string;
                    tier?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    limits?: {
                        [key: string]: number | null;
                    };
                    max_concurrency?: number | null;
                    name?: string;
                    tier?: string;
                };
            };
        };
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenantKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Keys */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Key"][];
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenantKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    job_types?: string[];
                    limits?: {
                        [key: string]: number;
                    };
                    name?: string;
                    /**
                     * @default tenant
                     * @enum {string}
                     */
                    role?: "admin" | "tenant" | "worker";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedKey"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsage: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        meters: components["schemas"]["Meter"][];
                        period: string;
                        tenant_id: string;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsageHistory: {
        parameters: {
            query?: {
                cursor?: string;
                from?: string;
                limit?: number;
                meter?: string;
                to?: string;
            };
            header?: {
                /** @description With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys. */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of ledger entries */
            200: {
                headers: {
                    Link: components["headers"]["Link"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LedgerEntry"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of endpoints */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    events: ("job.completed" | "job.partially_completed" | "job.failed" | "job.cancelled" | "usage.threshold")[];
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    enabled?: boolean;
                    events?: ("job.completed" | "job.partially_completed" | "job.failed" | "job.cancelled" | "usage.threshold")[];
                    url?: string;
                };
            };
        };
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery: number;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint and its new secret */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendWebhookTestEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event_id: string;
                    };
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    claimItems: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClaimRequest"];
            };
        };
        responses: {
            /** @description The claimed items */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ClaimedItem"][];
                        jobs: components["schemas"]["ClaimedJobs"];
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heartbeatItems: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    items: {
                        attempt: number;
                        id: number;
                    }[];
                    lease_ms?: number;
                };
            };
        };
        responses: {
            /** @description Which items are still held */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        held: number[];
                        lease_expires_at: string;
                        lost: number[];
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attempt: number;
                    /** @description The actual cost of the item, for types that settle to what the work used: a whole number ≥ 0. A missing or invalid one fails the item for good and refunds its hold. */
                    cost?: number;
                    /** @description The item's result (any JSON). It becomes visible when the item settles as succeeded. */
                    result?: unknown;
                };
            };
        };
        responses: {
            /** @description Settled */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettledItem"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    failItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attempt: number;
                    error: {
                        code?: string;
                        message: string;
                    };
                    retry_after_ms?: number;
                    /** @default true */
                    retryable?: boolean;
                };
            };
        };
        responses: {
            /** @description Settled */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettledItem"];
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heartbeatItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attempt: number;
                    lease_ms?: number;
                };
            };
        };
        responses: {
            /** @description The new lease */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lease_expires_at: string;
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            409: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    settleItems: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    outcomes: ({
                        attempt: number;
                        /** @description The actual cost of the item, for types that settle to what the work used: a whole number ≥ 0. A missing or invalid one fails the item for good and refunds its hold. */
                        cost?: number;
                        id: number;
                        /** @description The item's result (any JSON). It becomes visible when the item settles as succeeded. */
                        result?: unknown;
                        /** @enum {string} */
                        status: "succeeded";
                    } | {
                        attempt: number;
                        error: {
                            code?: string;
                            message: string;
                        };
                        id: number;
                        retry_after_ms?: number;
                        /** @default true */
                        retryable?: boolean;
                        /** @enum {string} */
                        status: "failed";
                    })[];
                };
            };
        };
        responses: {
            /** @description One result per outcome, in order */
            200: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: (components["schemas"]["SettledItem"] | {
                            attempt: number;
                            /** @enum {string} */
                            error: "lease_lost";
                            id: number;
                        })[];
                    };
                };
            };
            /** @description Problem */
            400: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            401: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    WWWAuthenticate: components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            403: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem */
            404: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused until later */
            429: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error */
            500: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry shortly */
            503: {
                headers: {
                    RequestId: components["headers"]["RequestId"];
                    RetryAfter: components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
