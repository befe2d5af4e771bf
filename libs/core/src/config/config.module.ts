import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ALL_CONFIG } from './namespaces';

/** Validated configuration, one namespace per concern; read through ConfigService or `@Inject(x.KEY)`. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, load: ALL_CONFIG })],
})
export class KedaiConfigModule {}
