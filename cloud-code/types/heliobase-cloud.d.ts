// Type declarations for Heliobase cloud code: the globals the sandbox gives a script (the API is defined by
// cloud-code/src/main/resources/io/heliobase/cloudcode/prelude.js; keep the two in step).
//
// Use from a cloud-code file, for editor completion and `// @ts-check`:
//   /// <reference path="path/to/cloud-code/types/heliobase-cloud.d.ts" />
// and compile with lib ["es2022"] and no DOM lib: the sandbox has no DOM, no Node built-ins and no timers.
//
// Rights are explicit everywhere, as in Parse Server: a call with `{ useMasterKey: true }` is the master key, one with
// `{ sessionToken }` is that session's user, and one with neither has public access only (ACLs, class-level
// permissions and protected fields apply to it).

declare namespace Parse {
    /** Field values as Parse stores them: JSON values, Dates, Parse.Objects (stored as pointers), GeoPoints, … */
    type Attributes = { [field: string]: any };

    /** Whose rights a data call uses. */
    interface RightsOptions {
        /** Act as the master key: ACLs and class-level permissions do not apply. Wins over sessionToken. */
        useMasterKey?: boolean;
        /** Act as this session's user, e.g. `request.user.getSessionToken()`. Without either option: public access. */
        sessionToken?: string | null;
    }

    interface ObjectFetchOptions extends RightsOptions {
        /** Pointer fields to fetch whole, e.g. `'owner'` or `['owner', 'project.lead']`. */
        include?: string | string[];
    }

    /** An object as it comes back from the server: it has an id. */
    type Stored<O extends Object> = O & { id: string };

    /**
     * A class made by `Parse.Object.extend`, or a subclass registered with `registerSubclass` (which gives it its
     * static `className`; an unregistered one is refused at run time).
     */
    type ObjectClass<O extends Object = Object> = new (...args: any[]) => O;

    interface Pointer {
        __type: 'Pointer';
        className: string;
        objectId: string | undefined;
    }

    /** Who may read and write, by user id, `role:<name>` or `*` (everyone). */
    type ACLJSON = { [userIdOrRole: string]: { read?: boolean; write?: boolean } };

    class ACL {
        /** Empty (master key only), a copy of ACL JSON, or read and write for one user. */
        constructor(userOrJson?: Object | ACLJSON);
        permissionsById: ACLJSON;
        /** A user (or its id); a Parse.Role here stands for `role:<name>`. */
        setReadAccess(userOrId: Object | string, allowed: boolean): void;
        setWriteAccess(userOrId: Object | string, allowed: boolean): void;
        getReadAccess(userOrId: Object | string): boolean;
        getWriteAccess(userOrId: Object | string): boolean;
        setPublicReadAccess(allowed: boolean): void;
        setPublicWriteAccess(allowed: boolean): void;
        getPublicReadAccess(): boolean;
        getPublicWriteAccess(): boolean;
        setRoleReadAccess(role: Role | string, allowed: boolean): void;
        setRoleWriteAccess(role: Role | string, allowed: boolean): void;
        getRoleReadAccess(role: Role | string): boolean;
        getRoleWriteAccess(role: Role | string): boolean;
        toJSON(): ACLJSON;
    }

    class GeoPoint {
        constructor(latitude?: number, longitude?: number);
        constructor(latitudeLongitude: [number, number]);
        constructor(point: { latitude: number; longitude: number });
        latitude: number;
        longitude: number;
        toJSON(): { __type: 'GeoPoint'; latitude: number; longitude: number };
    }

    /** A file reference (name and URL) as fields hold it; files are uploaded through REST, not from cloud code. */
    class File {
        constructor(name: string, url?: string);
        /** Names the files to the triggers: `Parse.Cloud.beforeSave(Parse.File, handler)`. */
        static readonly className: '@File';
        name(): string;
        /** Undefined before the file is stored (in a beforeSave file trigger). */
        url(): string | undefined;
        toJSON(): { __type: 'File'; name: string; url: string | undefined };
    }

    /** An error with a Parse code; thrown from cloud code it reaches the client with that code (others are 141). */
    class Error extends globalThis.Error {
        constructor(code: number, message?: string);
        code: number;
        static readonly OTHER_CAUSE: -1;
        static readonly INTERNAL_SERVER_ERROR: 1;
        static readonly CONNECTION_FAILED: 100;
        static readonly OBJECT_NOT_FOUND: 101;
        static readonly INVALID_QUERY: 102;
        static readonly INVALID_CLASS_NAME: 103;
        static readonly MISSING_OBJECT_ID: 104;
        static readonly INVALID_KEY_NAME: 105;
        static readonly INVALID_POINTER: 106;
        static readonly INVALID_JSON: 107;
        static readonly COMMAND_UNAVAILABLE: 108;
        static readonly INCORRECT_TYPE: 111;
        static readonly OPERATION_FORBIDDEN: 119;
        static readonly DUPLICATE_VALUE: 137;
        static readonly SCRIPT_FAILED: 141;
        static readonly VALIDATION_ERROR: 142;
        static readonly INVALID_SESSION_TOKEN: 209;
    }

    /** What an array field holds, for add/remove. */
    type ItemOf<V> = V extends readonly (infer Item)[] ? Item : unknown;

    /**
     * A Parse object. Changes are local until `save`, which sends only what changed; saves, fetches and deletes fire
     * the class's triggers and use the rights given in their options.
     */
    class Object<T extends Attributes = Attributes> {
        // NoInfer: `new Parse.Object('Task', { title })` is an object of any fields, not only `title`
        constructor(className: string, attributes?: NoInfer<Partial<T>>);
        /** Only on a subclass that has a class name (made by `extend` or registered with `registerSubclass`). */
        constructor(attributes?: NoInfer<Partial<T>>);

        className: string;
        /** Undefined until the object is saved. */
        id: string | undefined;
        readonly createdAt: Date | undefined;
        readonly updatedAt: Date | undefined;
        /** A copy of the fields. */
        readonly attributes: Partial<T>;

        get<K extends keyof T & string>(field: K): T[K];
        get(field: 'createdAt' | 'updatedAt'): Date | undefined;
        /** Whether the field holds a value other than null. */
        has(field: string): boolean;
        /** Setting `objectId` sets the id; `undefined` unsets the field. */
        set<K extends keyof T & string>(field: K, value: T[K] | undefined): this;
        set(fields: Partial<T>): this;
        unset(field: keyof T & string): this;
        increment(field: keyof T & string, amount?: number): this;
        decrement(field: keyof T & string, amount?: number): this;
        add<K extends keyof T & string>(field: K, item: ItemOf<T[K]>): this;
        addAll<K extends keyof T & string>(field: K, items: ItemOf<T[K]>[]): this;
        addUnique<K extends keyof T & string>(field: K, item: ItemOf<T[K]>): this;
        addAllUnique<K extends keyof T & string>(field: K, items: ItemOf<T[K]>[]): this;
        remove<K extends keyof T & string>(field: K, item: ItemOf<T[K]>): this;
        removeAll<K extends keyof T & string>(field: K, items: ItemOf<T[K]>[]): this;

        isNew(): boolean;
        existed(): boolean;
        /** False for a bare pointer (createWithoutData, an unincluded pointer field) until it is fetched. */
        isDataAvailable(): boolean;
        /** Fields changed since the object was loaded or saved (not the fields a client is saving, in a beforeSave). */
        dirty(field?: string): boolean;
        dirtyKeys(): string[];
        getACL(): ACL | undefined;
        setACL(acl: ACL | ACLJSON): this;
        toPointer(): Pointer;
        /** Same class and same id. */
        equals(other: unknown): boolean;
        /** Parse's JSON form: `objectId`, fields (pointers for objects), ISO timestamps. */
        toJSON(): { objectId?: string; [field: string]: unknown };
        /** A new, unsaved object with the same fields. */
        clone(): this;

        /** Sets `attributes` (if given) and saves what changed; fields a beforeSave trigger set come back into the object. */
        save(attributes?: Partial<T> | null, options?: RightsOptions): Promise<Stored<this>>;
        fetch(options?: ObjectFetchOptions): Promise<Stored<this>>;
        fetchWithInclude(keys: string | string[], options?: RightsOptions): Promise<Stored<this>>;
        /** Deletes the object if it has an id. */
        destroy(options?: RightsOptions): Promise<this>;

        /** Saves one after the other (fails at the first error; the ones before it stay saved). */
        static saveAll<O extends Object>(objects: O[], options?: RightsOptions): Promise<Stored<O>[]>;
        static destroyAll<O extends Object>(objects: O[], options?: RightsOptions): Promise<O[]>;
        static fetchAll<O extends Object>(objects: O[], options?: ObjectFetchOptions): Promise<Stored<O>[]>;

        /**
         * The class for a class name (made once, then the same one is returned). `protoProps` become instance
         * members and `classProps` static ones; neither is typed here.
         */
        static extend(className: '_User', protoProps?: object | null, classProps?: object | null): typeof User;
        static extend(className: '_Role', protoProps?: object | null, classProps?: object | null): typeof Role;
        static extend(className: '_Session', protoProps?: object | null, classProps?: object | null): typeof Session;
        static extend<A extends Attributes = Attributes>(className: string | { className: string },
            protoProps?: object | null, classProps?: object | null): ObjectSubclass<A>;
        /** Objects of `className` read from the server become instances of `subclass`. */
        static registerSubclass(className: string, subclass: new (...args: any[]) => Object): void;
        /** A pointer to an object by id, to fetch, save or store in a field. */
        static createWithoutData(className: string, objectId: string): Object;
        static createWithoutData<O extends Object>(this: ObjectClass<O>, objectId: string): O;
        /** An object from Parse's JSON form (with `className`). */
        static fromJSON(json: { className: string; objectId?: string; [field: string]: unknown }): Object;
    }

    /** The class `Parse.Object.extend(className)` returns. */
    type ObjectSubclass<A extends Attributes> = (new (attributes?: Partial<A>) => Object<A>)
        & { readonly className: string }
        & Omit<typeof Object, 'prototype'>;

    class User<T extends Attributes = Attributes> extends Object<T> {
        constructor(attributes?: NoInfer<Partial<T>>);
        static readonly className: '_User';
        getUsername(): string | undefined;
        setUsername(username: string): this;
        getEmail(): string | undefined;
        setEmail(email: string): this;
        setPassword(password: string): this;
        /** The caller's session (null in a tool run after approval: use `useMasterKey` there). */
        getSessionToken(): string | null | undefined;
        authenticated(): boolean;
        /** Always undefined: cloud code has no current user, use `request.user`. */
        static current(): undefined;
    }

    class Role<T extends Attributes = Attributes> extends Object<T> {
        constructor(name?: string, acl?: ACL | ACLJSON);
        static readonly className: '_Role';
        getName(): string | undefined;
        setName(name: string): this;
    }

    class Session<T extends Attributes = Attributes> extends Object<T> {
        constructor(attributes?: NoInfer<Partial<T>>);
        static readonly className: '_Session';
        getSessionToken(): string | undefined;
    }

    /** A query in Parse's REST form, as `toJSON` gives it and a beforeFind sees it. */
    interface QueryJSON {
        where: { [field: string]: unknown };
        include?: string;
        keys?: string;
        excludeKeys?: string;
        order?: string;
        limit?: number;
        skip?: number;
        count?: number | boolean;
    }

    /** What `find` answers: the objects, or with `withCount()` the objects and the total count. */
    type FindResult<T extends Object, Counted extends boolean> =
        Counted extends true ? { results: Stored<T>[]; count: number } : Stored<T>[];

    /** A query on one class; every condition and option returns the query, to chain. */
    class Query<T extends Object = Object, Counted extends boolean = false> {
        constructor(className: string);
        constructor(objectClass: ObjectClass<T>);
        /** The class of this object. */
        constructor(object: T);
        className: string;

        equalTo(field: string, value: unknown): this;
        equalTo(conditions: { [field: string]: unknown }): this;
        notEqualTo(field: string, value: unknown): this;
        lessThan(field: string, value: unknown): this;
        lessThanOrEqualTo(field: string, value: unknown): this;
        greaterThan(field: string, value: unknown): this;
        greaterThanOrEqualTo(field: string, value: unknown): this;
        containedIn(field: string, values: unknown[]): this;
        notContainedIn(field: string, values: unknown[]): this;
        containsAll(field: string, values: unknown[]): this;
        exists(field: string): this;
        doesNotExist(field: string): this;
        /** A regular expression (its `i`, `m`, `s`, `x` flags are kept) or its source text, with extra modifiers. */
        matches(field: string, regex: RegExp | string, modifiers?: string): this;
        /** Literal text, not a regular expression. */
        contains(field: string, text: string): this;
        startsWith(field: string, text: string): this;
        endsWith(field: string, text: string): this;
        matchesQuery(field: string, query: Query<any, any>): this;
        doesNotMatchQuery(field: string, query: Query<any, any>): this;
        matchesKeyInQuery(field: string, queryField: string, query: Query<any, any>): this;
        doesNotMatchKeyInQuery(field: string, queryField: string, query: Query<any, any>): this;
        near(field: string, point: GeoPoint): this;
        withinRadians(field: string, point: GeoPoint, distance: number): this;
        withinKilometers(field: string, point: GeoPoint, distance: number): this;
        withinMiles(field: string, point: GeoPoint, distance: number): this;
        /** Objects in `object`'s relation field `field`. */
        relatedTo(object: Object, field: string): this;

        include(...fields: (string | string[])[]): this;
        includeAll(): this;
        select(...fields: (string | string[])[]): this;
        exclude(...fields: (string | string[])[]): this;
        ascending(...fields: (string | string[])[]): this;
        descending(...fields: (string | string[])[]): this;
        addAscending(...fields: (string | string[])[]): this;
        addDescending(...fields: (string | string[])[]): this;
        limit(n: number): this;
        skip(n: number): this;
        /** `find` then answers `{ results, count }`. */
        withCount(on?: true): Query<T, true>;
        withCount(on: false): Query<T, false>;
        withCount(on: boolean): Query<T, boolean>;

        find(options?: RightsOptions): Promise<FindResult<T, Counted>>;
        first(options?: RightsOptions): Promise<Stored<T> | undefined>;
        /** Rejects with OBJECT_NOT_FOUND (101) when no object matches. */
        get(objectId: string, options?: RightsOptions): Promise<Stored<T>>;
        count(options?: RightsOptions): Promise<number>;
        /** Visits every match, 100 at a time in objectId order (its own order, limit and skip are ignored). */
        each(callback: (object: Stored<T>) => unknown, options?: RightsOptions): Promise<undefined>;
        map<U>(this: Query<T, false>, callback: (object: Stored<T>, index: number, all: Stored<T>[]) => U | PromiseLike<U>,
            options?: RightsOptions): Promise<U[]>;
        toJSON(): QueryJSON;

        /** A query from its REST form (what a beforeFind trigger gets as `request.query`). */
        static fromJSON(className: string, json: Partial<QueryJSON>): Query<Object, boolean>;
        /** Queries of the same class combined; a mix of classes throws INVALID_QUERY. */
        static or<O extends Object>(...queries: Query<O, any>[]): Query<O>;
        static and<O extends Object>(...queries: Query<O, any>[]): Query<O>;
        static nor<O extends Object>(...queries: Query<O, any>[]): Query<O>;
    }

    namespace Cloud {
        /** Function parameters: the JSON the client sent. */
        type Params = { [name: string]: any };

        /** `request.log` (its messages are not recorded yet). */
        interface Logger {
            info(...message: unknown[]): void;
            warn(...message: unknown[]): void;
            error(...message: unknown[]): void;
        }

        /** A rule for one parameter of a function. */
        interface FieldRule {
            /** `String`, `Number`, `Boolean`, `Array`, `Object` or their lower-case names; checked with typeof. */
            type?: StringConstructor | NumberConstructor | BooleanConstructor | ArrayConstructor | ObjectConstructor
                | 'string' | 'number' | 'boolean' | 'array' | 'object';
            required?: boolean;
            /** Used (and put into `request.params`) when the parameter is missing. */
            default?: unknown;
            /** The values allowed. */
            options?: unknown[];
        }

        /**
         * Checks before a handler runs; a failure is a 142 error. As in Parse, a master-key call skips them unless
         * `validateMasterKey` is set.
         */
        interface TriggerValidator {
            requireUser?: boolean;
            requireMaster?: boolean;
            validateMasterKey?: boolean;
            /** The caller must hold one of these roles (inherited roles count). */
            requireAnyUserRoles?: string[];
            /** The caller must hold all of these roles. */
            requireAllUserRoles?: string[];
        }

        interface Validator extends TriggerValidator {
            /** Parameters to check: names of required ones, or a rule per name. */
            fields?: string[] | { [name: string]: FieldRule };
            /** Heliobase: this function's CPU budget in ms (default: the server's HELIOBASE_CLOUD_FUNCTION_TIMEOUT). */
            timeoutMs?: number;
        }

        /** What every request says of its caller and of the HTTP request behind it. */
        interface CallerRequest {
            /** The signed-in caller (their own view of their `_User`, with `getSessionToken()`), or null. */
            user: User | null;
            /** Whether the call came with the master key. */
            master: boolean;
            log: Logger;
            /** The X-Parse-Installation-Id header, or null; absent for calls made by cloud code itself. */
            installationId?: string | null;
            /** The client's address; absent for calls made by cloud code itself. */
            ip?: string | null;
            /** The request's headers (lower-case names), without keys, session tokens, Authorization or cookies. */
            headers?: { [name: string]: string };
            /** The X-Parse-Cloud-Context header's JSON, or `save(null, {context})` in cloud code; `{}` without. */
            context?: { [key: string]: unknown };
        }

        interface FunctionRequest<P extends Params = Params> extends CallerRequest {
            params: P;
            context: { [key: string]: unknown };
        }

        /** beforeSave / afterSave, beforeDelete / afterDelete, and the login triggers. */
        interface TriggerRequest<O extends Object = Object> extends CallerRequest {
            /**
             * beforeSave: the object as it will be (stored fields plus what is being saved); what the handler sets
             * on it is stored too. After-triggers: the committed object. Delete triggers: the stored object.
             */
            object: O;
            /** The stored object, on an update (beforeSave, afterSave). */
            original?: O;
        }

        interface BeforeFindRequest<O extends Object = Object> extends CallerRequest {
            /** The caller's query: change it, or return another query of the same class. */
            query: Query<O, boolean>;
            /** A get by id rather than a find (the trigger can then only narrow the object fetched). */
            isGet: boolean;
            /** A count query. */
            count: boolean;
        }

        interface AfterFindRequest<O extends Object = Object> extends CallerRequest {
            /** The results, already filtered for the caller: change them, or return another array. */
            objects: Stored<O>[];
        }

        /** File triggers: the uploader (or deleter) and the file; its bytes are not passed to the sandbox. */
        interface FileTriggerRequest extends CallerRequest {
            /** beforeSave: the name the client gave. afterSave and the delete triggers: the stored name and its url(). */
            file: File;
            /** The size in bytes (beforeSave and afterSave). */
            fileSize?: number;
            /** The same as fileSize, by Parse's other name. */
            contentLength?: number;
        }

        interface BeforeSubscribeRequest<O extends Object = Object> extends CallerRequest {
            /**
             * The subscription's query (its where and selected keys): change it, or return another query of the class;
             * only its where and keys count.
             */
            query: Query<O, boolean>;
            /** The client's requestId for this subscription. */
            requestId: number;
            op: 'subscribe';
        }

        interface AfterLiveQueryEventRequest<O extends Object = Object> extends CallerRequest {
            event: 'create' | 'enter' | 'update' | 'leave' | 'delete';
            /** What is about to be sent to this subscriber (`user`): change it, or replace it. */
            object: Stored<O>;
            /** The object before the change (update, enter, leave). */
            original?: Stored<O>;
            /** Set to false to send this subscriber nothing. */
            sendEvent: boolean;
        }

        interface JobRequest<P extends Params = Params> {
            params: P;
            /** The `_JobStatus` objectId of this run. */
            jobId: string;
            jobName: string;
            /** For a scheduled run (or its retry): the fire time it runs for, as an ISO date. */
            scheduledAt?: string;
            /** Updates the run's `_JobStatus.message` while it runs. */
            message(text: string): Promise<unknown>;
            log: Logger;
        }

        /**
         * `POST /functions/:name`. The result (Parse.Objects included, whole) is answered as `{ "result": … }`; a
         * thrown Parse.Error keeps its code, anything else is 141.
         */
        function define<P extends Params = Params, R = unknown>(name: string,
            handler: (request: FunctionRequest<P>) => R | PromiseLike<R>, validator?: Validator): void;

        /**
         * `POST /jobs/:name` (master key only) runs it in the background; a string it returns becomes the final
         * `_JobStatus.message`. It has no caller: use `useMasterKey` for its data calls.
         */
        function job<P extends Params = Params>(name: string, handler: (request: JobRequest<P>) => unknown,
                                                options?: JobOptions<P>): void;

        /** Runs a job on a schedule (once per cluster: each fire is claimed by one node). */
        interface JobOptions<P extends Params = Params> {
            /** A Quartz cron expression: seconds minutes hours day-of-month month day-of-week, e.g. '0 *\/5 * * * ?'. */
            schedule?: string;
            /** The zone the cron expression is read in; default 'UTC'. */
            timeZone?: string;
            /** The params each scheduled run gets. */
            params?: P;
            /** How many times a failed or timed-out run is tried again (0 to 10; default 0). */
            retries?: number;
            /** Delay before the first retry, doubled for each next one (default 30). */
            retryDelaySeconds?: number;
            /** After downtime: run the last missed fire once when a node starts, or skip it (default 'skip'). */
            misfire?: 'runOnce' | 'skip';
        }

        /**
         * Calls a function of this cloud code directly (no HTTP), with the master key or with no user; its validator
         * runs, and it answers what the handler returns.
         */
        function run<R = unknown>(name: string, params?: Params | null, options?: { useMasterKey?: boolean }): Promise<R>;

        /** Before a file upload (`POST /files/:name`); throw to refuse it (type or size policies, quotas). */
        function beforeSave(fileClass: typeof File, handler: (request: FileTriggerRequest) => unknown,
            validator?: TriggerValidator): void;
        /** Runs before every write of the class; throw to refuse it (141 unless a Parse.Error). Returned values are ignored. */
        function beforeSave<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: TriggerRequest<O>) => unknown, validator?: TriggerValidator): void;
        /** After a file is stored; its failures are logged, never returned. */
        function afterSave(fileClass: typeof File, handler: (request: FileTriggerRequest) => unknown,
            validator?: TriggerValidator): void;
        /** Runs after a committed write; its failures are logged, never returned. */
        function afterSave<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: TriggerRequest<Stored<O>>) => unknown, validator?: TriggerValidator): void;
        /** Before `DELETE /files/:name` (master key); throw to refuse it. */
        function beforeDelete(fileClass: typeof File, handler: (request: FileTriggerRequest) => unknown,
            validator?: TriggerValidator): void;
        function beforeDelete<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: TriggerRequest<Stored<O>>) => unknown, validator?: TriggerValidator): void;
        function afterDelete(fileClass: typeof File, handler: (request: FileTriggerRequest) => unknown,
            validator?: TriggerValidator): void;
        function afterDelete<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: TriggerRequest<Stored<O>>) => unknown, validator?: TriggerValidator): void;
        /** Runs before finds and gets of the class; may change `request.query` or return another query. */
        function beforeFind<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: BeforeFindRequest<O>) => Query<any, any> | void | PromiseLike<Query<any, any> | void>,
            validator?: TriggerValidator): void;
        /** Runs on the results of finds and gets of the class; may change `request.objects` or return another array. */
        function afterFind<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: AfterFindRequest<O>) => unknown[] | void | PromiseLike<unknown[] | void>,
            validator?: TriggerValidator): void;
        /** Parse's older names for the file triggers: the same as `beforeSave(Parse.File, handler)` and so on. */
        function beforeSaveFile(handler: (request: FileTriggerRequest) => unknown, validator?: TriggerValidator): void;
        function afterSaveFile(handler: (request: FileTriggerRequest) => unknown, validator?: TriggerValidator): void;
        function beforeDeleteFile(handler: (request: FileTriggerRequest) => unknown, validator?: TriggerValidator): void;
        function afterDeleteFile(handler: (request: FileTriggerRequest) => unknown, validator?: TriggerValidator): void;
        /**
         * Before a live-query subscription to the class, as the subscribing user: throw to refuse it, or change
         * `request.query` (the result is checked like the client's own query).
         */
        function beforeSubscribe<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: BeforeSubscribeRequest<O>) => Query<any, any> | void | PromiseLike<Query<any, any> | void>,
            validator?: TriggerValidator): void;
        /**
         * For each live-query event of the class and each subscriber who may see it: change or replace
         * `request.object`, or set `request.sendEvent = false`; if it throws, the event is not sent.
         */
        function afterLiveQueryEvent<O extends Object = Object>(className: string | ObjectClass<O>,
            handler: (request: AfterLiveQueryEventRequest<O>) => unknown, validator?: TriggerValidator): void;
        /** Before a password or third-party login; throw to refuse it (no session is made). */
        function beforeLogin(handler: (request: TriggerRequest<Stored<User>>) => unknown,
            validator?: TriggerValidator): void;
        function afterLogin(handler: (request: TriggerRequest<Stored<User>>) => unknown,
            validator?: TriggerValidator): void;
        /** `request.object` is the ended `_Session`. */
        function afterLogout(handler: (request: TriggerRequest<Stored<Session>>) => unknown,
            validator?: TriggerValidator): void;
    }
}

declare namespace Heliobase {
    /** Who may call a tool (or approve a call): the master key always may. */
    type Access = 'public' | 'user' | 'master' | { roles: string[] };

    /** A JSON Schema (draft 2020-12 unless `$schema` names another; no remote `$ref` is fetched). */
    type JsonSchema = { [keyword: string]: unknown };

    interface ToolOptions {
        /** Shown to the model. */
        description?: string;
        /** The input's schema; calls that break it are refused with 142 before the tool runs. Default: any object. */
        input?: JsonSchema;
        /** The result's schema; a result that breaks it fails the call. */
        output?: JsonSchema | null;
        /** Who may call it; default `'user'` (any signed-in user). */
        permission?: Access;
        /**
         * Hold each call until it is approved: `true` by the user the call is for (or its task's owner),
         * `{ roles: [...] }` by a user holding one of the roles; the master key always may approve.
         */
        requiresApproval?: boolean | { roles: string[] };
        /** Advertised to the model: safe to retry. */
        idempotent?: boolean;
        /** CPU budget of one call in ms (default HELIOBASE_CLOUD_FUNCTION_TIMEOUT). */
        timeoutMs?: number;
    }

    /** Tool input: the JSON the caller sent, already checked against the input schema. */
    type ToolInput = { [name: string]: any };

    interface ToolRequest<I = ToolInput> {
        input: I;
        /**
         * The user the call is for, or null. A call run after approval has no session token: act with
         * `useMasterKey` after checking what the user may do.
         */
        user: Parse.User | null;
        master: boolean;
        /** The tool's name. */
        tool: string;
        /** The `_ToolCall` objectId of this call. */
        toolCall: string;
        /** The `_AgentTask` objectId the call is filed under, or null. */
        task: string | null;
        /** Set when the call was held and then approved. */
        approval?: {
            /** `user:<id>` or `master`. */
            by: string;
            decision: 'approved';
            at: { __type: 'Date'; iso: string };
        };
        log: Parse.Cloud.Logger;
    }

    /**
     * Declares an agent tool, listed by `GET /tools` and called with `POST /tools/:name`; `name` is a letter then up
     * to 63 letters, digits, `_` or `-`. The result should be an object (other values are answered as `{ value }`);
     * throw a Parse.Error to fail the call with its code.
     */
    function tool<I = ToolInput, O = unknown>(name: string, options: ToolOptions,
        handler: (request: ToolRequest<I>) => O | PromiseLike<O>): void;
    function tool<I = ToolInput, O = unknown>(name: string, handler: (request: ToolRequest<I>) => O | PromiseLike<O>): void;

    interface FetchInit {
        method?: string;
        headers?: { [name: string]: string | number | boolean } | Headers;
        /** Text only: use JSON.stringify for JSON. */
        body?: string | null;
    }

    interface FetchResponse {
        readonly ok: boolean;
        readonly status: number;
        readonly url: string;
        /** Always false: redirects are answered, never followed. */
        readonly redirected: boolean;
        readonly headers: Headers;
        text(): Promise<string>;
        /** Rejects with a SyntaxError when the body is not JSON. */
        json<T = unknown>(): Promise<T>;
    }
}

/**
 * Outbound HTTP, only to hosts on HELIOBASE_CLOUD_FETCH_ALLOW (anything else is refused with 141). Redirects are
 * returned, not followed; each exchange has HELIOBASE_CLOUD_FETCH_TIMEOUT and a 5 MB response cap.
 */
declare function fetch(url: string, init?: Heliobase.FetchInit): Promise<Heliobase.FetchResponse>;

/** Request or response headers; names are case-insensitive (kept in lower case). */
declare class Headers {
    constructor(init?: { [name: string]: string } | Headers);
    /** The value, or null. */
    get(name: string): string | null;
    has(name: string): boolean;
    set(name: string, value: string): void;
    /** Adds a value; several values of one name read as "a, b". */
    append(name: string, value: string): void;
    delete(name: string): void;
    entries(): IterableIterator<[string, string]>;
    forEach(callback: (value: string, name: string, headers: Headers) => void): void;
}

/** Writes to the server's log (standard output / error), as `request.log` does. */
declare var console: {
    log(...parts: unknown[]): void;
    info(...parts: unknown[]): void;
    warn(...parts: unknown[]): void;
    error(...parts: unknown[]): void;
};

// CommonJS, over the cloud folder: `require` takes relative paths and packages from its node_modules (pure
// JavaScript), `.js`, `.cjs` and `.json` files; Node built-ins do not exist in the sandbox.
declare function require(path: string): any;
declare var module: { id: string; filename: string; exports: any; loaded: boolean };
declare var exports: any;
/** The file's path inside the cloud folder, e.g. `lib/tasks.js`. */
declare var __filename: string;
/** Its folder inside the cloud folder (`''` for the top). */
declare var __dirname: string;
