import { Body, Controller, Get, Param } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { APP_FILTER } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ApiProperty, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Db, RequestContext } from '@opsledger/persistence';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ProblemDetailsFilter } from './problem-details.filter';
import { QueryBoolean } from './query-boolean';
import { MultipartRoute } from './body-route.decorators';
import { installResourceHeaders, WithStatus } from './resource-headers';
import { ROUTE_RESOURCE_CONFIG } from './route-resource';
import { problemsOf, Route } from './route.decorator';
import { Target } from './target.param';
import { WriteRouteInterceptor } from './write-route.interceptor';

class ThingDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
}
class LabelDto {
  @ApiProperty() label: string;
}
class PartDto {
  @ApiProperty() partId: string;
  @ApiProperty() version: number;
}

const thing = (id: string, version = 1) => ({ id, version });

@Controller('things')
class ThingsController {
  @Route.List({ summary: 'List', type: LabelDto })
  list() {
    return [{ label: 'a', version: 9 }];
  }

  @Route.Read({ path: ':id', summary: 'Read', type: ThingDto })
  read(@Param('id') id: string) {
    return thing(id, 3);
  }

  @Route.Read({ path: ':id/label', summary: 'Label', type: LabelDto })
  label() {
    return { label: 'x', version: 4 };
  }

  @Route.Create({ summary: 'Create', type: ThingDto, problems: [422] })
  create(@Body() body: { id: string }) {
    return thing(body.id);
  }

  @Route.Create({
    path: ':id/parts',
    summary: 'Add a part',
    type: PartDto,
    location: (view: PartDto, params) => `/things/${params.id}/parts/${view.partId}`,
  })
  addPart(@Body() body: { partId: string }) {
    return { partId: body.partId, version: 1 };
  }

  @Route.Create({ path: 'seal', summary: 'Seal', type: ThingDto, location: false })
  seal(@Body() body: { fresh: boolean }) {
    return new WithStatus(body.fresh ? 201 : 200, thing('s', 8));
  }

  @Route.Update({ path: ':id', summary: 'Update', type: ThingDto, ifMatch: true })
  update(@Param('id') id: string) {
    return thing(id, 2);
  }

  @Route.Action({ path: ':id/suspend', summary: 'Suspend', type: ThingDto, ifMatch: true })
  suspend(@Param('id') id: string) {
    return thing(id, 5);
  }

  @Route.Action({ path: ':id/poke', summary: 'Poke', unitOfWork: false })
  poke() {}

  @Route.Action({ path: ':id/target', summary: 'Target', ifMatch: true, type: ThingDto })
  target(@Target() { actor, id, ifMatch }: Target) {
    return { id, version: ifMatch ?? 0, actor: actor.id };
  }

  @Route.Read({ path: ':id/untargeted', summary: 'Target without If-Match', type: ThingDto })
  untargeted(@Target() { id }: Target) {
    return thing(id, 1);
  }

  @Route.Delete({ path: ':id', summary: 'Delete', ifMatch: true })
  remove() {}

  @Route.Action({ path: 'login', summary: 'Log in', auth: false, problems: [401, 429] })
  login() {}

  @Get('plain/:id')
  plain(@Param('id') id: string) {
    return thing(id, 7);
  }

  @Route.Create({ path: 'upload', summary: 'Upload', type: ThingDto })
  @MultipartRoute()
  upload() {
    return thing('u', 1);
  }
}

describe('Route decorators and the resource headers hook', () => {
  let app: NestFastifyApplication;
  let doc: OpenAPIObject;
  const transactions: string[] = [];

  beforeAll(async () => {
    const db = {
      transaction: (fn: () => Promise<unknown>) => {
        transactions.push('tx');
        return fn();
      },
    };
    const moduleRef = await Test.createTestingModule({
      controllers: [ThingsController],
      providers: [
        { provide: Db, useValue: db },
        { provide: RequestContext, useValue: {} },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    app.setGlobalPrefix('api/v1');
    installResourceHeaders(app.getHttpAdapter().getInstance());
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (request, _reply, done) => {
        Object.assign(request, {
          user: { id: 'actor-1', type: 'user', tenantId: null, roles: [] },
        });
        done();
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  });
  afterAll(() => app.close());
  beforeEach(() => (transactions.length = 0));

  const op = (path: string, method: string) => {
    const operation = doc.paths[`/api/v1/things${path}`]?.[method as 'get'];
    if (!operation) throw new Error(`no ${method} ${path}`);
    return operation;
  };
  const statuses = (path: string, method: string) =>
    Object.keys(op(path, method).responses).map(Number);
  const headerNames = (path: string, method: string) =>
    (op(path, method).parameters ?? [])
      .filter((p) => 'in' in p && p.in === 'header')
      .map((p) => ('name' in p ? p.name : ''));
  const responseHeaders = (path: string, method: string, status: number) =>
    Object.keys(
      (op(path, method).responses[status] as { headers?: Record<string, unknown> }).headers ?? {},
    );

  describe('OpenAPI', () => {
    it('documents each kind with its success status and the problems it can answer', () => {
      expect(statuses('', 'get')).toEqual([200, 400, 401, 403]);
      expect(statuses('/{id}', 'get')).toEqual([200, 400, 401, 403, 404]);
      expect(statuses('', 'post')).toEqual([201, 400, 401, 403, 409, 422]);
      expect(statuses('/{id}', 'patch')).toEqual([200, 400, 401, 403, 404, 409, 412]);
      expect(statuses('/{id}/suspend', 'post')).toEqual([200, 400, 401, 403, 404, 409, 412]);
      expect(statuses('/{id}/poke', 'post')).toEqual([204, 400, 401, 403, 404, 409]);
      expect(statuses('/{id}', 'delete')).toEqual([204, 400, 401, 403, 404, 409, 412]);
      expect(statuses('/login', 'post')).toEqual([204, 400, 401, 429]);
      const problem = op('/{id}', 'get').responses[404] as { content: Record<string, unknown> };
      expect(Object.keys(problem.content)).toEqual(['application/problem+json']);
    });

    it('documents ETag where the view has a version and Location on Create', () => {
      expect(responseHeaders('/{id}', 'get', 200)).toEqual(['ETag']);
      expect(responseHeaders('/{id}/label', 'get', 200)).toEqual([]);
      expect(responseHeaders('', 'get', 200)).toEqual([]);
      expect(responseHeaders('', 'post', 201).sort()).toEqual(['ETag', 'Location']);
      expect(responseHeaders('/{id}', 'patch', 200)).toEqual(['ETag']);
      expect(responseHeaders('/{id}', 'delete', 204)).toEqual([]);
    });

    it('documents If-Match where the route honours it and Idempotency-Key on Create', () => {
      expect(headerNames('', 'post')).toEqual(['Idempotency-Key']);
      expect(headerNames('/{id}', 'patch')).toEqual(['If-Match']);
      expect(headerNames('/{id}/suspend', 'post')).toEqual(['If-Match']);
      expect(headerNames('/{id}', 'delete')).toEqual(['If-Match']);
      expect(headerNames('/{id}', 'get')).toEqual([]);
      expect(op('/{id}', 'patch').summary).toBe('Update');
    });

    it('merges extra problems without duplicates, sorted', () => {
      expect(problemsOf('read', { path: ':id', summary: 's', problems: [404, 410] })).toEqual([
        400, 401, 403, 404, 410,
      ]);
    });
  });

  describe('HTTP', () => {
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: object) =>
      app.inject({ method, url: `/api/v1/things${url}`, ...(body ? { payload: body } : {}) });

    it('answers Create with 201, Location of the new resource and its ETag', async () => {
      const res = await call('POST', '', { id: 'abc' });
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe('/api/v1/things/abc');
      expect(res.headers.etag).toBe('"v1"');
    });

    it('takes Location from the route when the view is not addressed by its id', async () => {
      const res = await call('POST', '/t1/parts', { partId: 'p9' });
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe('/things/t1/parts/p9');
    });

    it('sets ETag from the returned version on reads and writes, not on lists', async () => {
      expect((await call('GET', '/a')).headers.etag).toBe('"v3"');
      expect((await call('PATCH', '/a')).headers.etag).toBe('"v2"');
      const action = await call('POST', '/a/suspend');
      expect(action.statusCode).toBe(200);
      expect(action.headers.etag).toBe('"v5"');
      expect((await call('GET', '')).headers.etag).toBeUndefined();
      expect((await call('GET', '/a/label')).headers.etag).toBeUndefined();
    });

    it('answers the status a WithStatus names, with the headers of the view inside', async () => {
      const fresh = await call('POST', '/seal', { fresh: true });
      expect(fresh.statusCode).toBe(201);
      expect(fresh.json()).toEqual({ id: 's', version: 8 });
      expect(fresh.headers.etag).toBe('"v8"');
      expect(fresh.headers.location).toBeUndefined();
      const old = await call('POST', '/seal', { fresh: false });
      expect(old.statusCode).toBe(200);
      expect(old.json()).toEqual({ id: 's', version: 8 });
    });

    it('Target gives the actor, the UUID id and the If-Match version; documents the id', async () => {
      const id = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';
      const res = await call('POST', `/${id}/target`, undefined);
      expect(res.json()).toEqual({ id, version: 0, actor: 'actor-1' });
      const matched = await app.inject({
        method: 'POST',
        url: `/api/v1/things/${id}/target`,
        headers: { 'if-match': '"v7"' },
      });
      expect(matched.json()).toMatchObject({ id, version: 7 });
      expect(op('/{id}/target', 'post').parameters).toContainEqual(
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
      );
    });

    it('Target refuses an id that is not a UUID and a malformed If-Match, naming them (400)', async () => {
      const bad = await call('POST', '/not-a-uuid/target');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'REQUEST.INVALID_ID', errors: [{ field: 'id' }] });
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/v1/things/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11/target',
        headers: { 'if-match': 'v7' },
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
      // a route that does not read If-Match ignores it, as a route without the header always did
      const ignored = await app.inject({
        method: 'GET',
        url: '/api/v1/things/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11/untargeted',
        headers: { 'if-match': 'v7' },
      });
      expect(ignored.statusCode).toBe(200);
    });

    it('leaves routes without a Route decorator alone', async () => {
      const res = await call('GET', '/plain/a');
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBeUndefined();
    });

    it('answers writes without a body with 204', async () => {
      expect((await call('DELETE', '/a')).statusCode).toBe(204);
      expect((await call('POST', '/a/poke')).statusCode).toBe(204);
    });

    it('gives reads no interceptor and each write route exactly one', () => {
      const interceptorsOf = (method: keyof ThingsController) =>
        Reflect.getMetadata(INTERCEPTORS_METADATA, ThingsController.prototype[method]) as
          unknown[] | undefined;
      expect(interceptorsOf('read')).toBeUndefined();
      expect(interceptorsOf('list')).toBeUndefined();
      expect(interceptorsOf('update')).toEqual([WriteRouteInterceptor]);
      expect(interceptorsOf('create')).toEqual([WriteRouteInterceptor]);
      // no unit of work, but a POST: Idempotency-Key is still honoured
      expect(interceptorsOf('poke')).toEqual([WriteRouteInterceptor]);
      expect(interceptorsOf('remove')).toEqual([WriteRouteInterceptor]);
    });

    it("keeps a body decorator's route config beside the route's own", async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/things/upload',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(res.headers.location).toBe('/api/v1/things/upload/u');
      const config = Reflect.getMetadata(
        '__fastify_route_config__',
        ThingsController.prototype.upload,
      ) as Record<string, unknown>;
      expect(config.multipart).toBe(true);
      expect(config[ROUTE_RESOURCE_CONFIG]).toMatchObject({ kind: 'create', etag: true });
    });

    it('runs each write route in one unit of work and reads without one', async () => {
      await call('PATCH', '/a');
      expect(transactions).toEqual(['tx']);
      transactions.length = 0;
      await call('GET', '/a');
      await call('POST', '/a/poke');
      expect(transactions).toEqual([]);
    });
  });
});

describe('QueryBoolean', () => {
  class Filter {
    @QueryBoolean({ description: 'only live ones' })
    isActive?: boolean;
  }
  const parse = async (query: Record<string, unknown>) => {
    const value = plainToInstance(Filter, query);
    return { value, errors: await validate(value) };
  };

  it('turns "true" and "false" into booleans', async () => {
    expect((await parse({ isActive: 'true' })).value.isActive).toBe(true);
    expect((await parse({ isActive: 'false' })).value.isActive).toBe(false);
    expect((await parse({})).errors).toEqual([]);
  });

  it('refuses any other text, naming the field', async () => {
    for (const text of ['1', 'yes', 'TRUE', '']) {
      const { errors } = await parse({ isActive: text });
      expect(errors.map((e) => e.property)).toEqual(['isActive']);
    }
  });

  it('documents an optional boolean', () => {
    const meta = Reflect.getMetadata(
      'swagger/apiModelProperties',
      Filter.prototype,
      'isActive',
    ) as {
      type: unknown;
      required: boolean;
      description: string;
    };
    expect(meta).toMatchObject({ type: Boolean, required: false, description: 'only live ones' });
  });
});
