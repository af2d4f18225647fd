import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { IS_PUBLIC, ROLES_KEY, type Role } from '@app/core';
import type { Access } from './authz-matrix';

/**
 * What the decorators on every controller method declare (@Public, @Roles, or neither = any signed-in
 * user), keyed like the matrix (`GET /api/v1/x/{id}`). Used only to print a suggested row for a route
 * missing from the matrix — the matrix itself is written by hand and checked by requests, not by this.
 */
export function declaredAccess(app: INestApplication): Map<string, Access> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const out = new Map<string, Access>();
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, metatype]);
      const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, metatype]);
      const access: Access = isPublic ? 'public' : roles ? [...roles].sort() : 'signed-in';
      for (const b of base) {
        for (const s of ([] as string[]).concat(sub)) {
          const path = ['/api/v1', b, s].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/').replace(/:(\w+)/g, '{$1}');
          out.set(`${method} /${path}`, access);
        }
      }
    }
  }
  return out;
}
