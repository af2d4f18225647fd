import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  /** Validates the environment once; a bad value throws ConfigError and stops start-up. */
  static forRoot(config?: AppConfig): DynamicModule {
    const value = config ?? loadConfig();
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: value }], exports: [APP_CONFIG] };
  }
}
