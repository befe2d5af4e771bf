import { Injectable } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';

/**
 * Where rate limits are counted while Redis is away: @nestjs/throttler's own in-memory storage,
 * in this process only. Limits then hold per API process instead of across all of them, which
 * is looser by the number of processes but never open; counting returns to Redis when it does.
 */
@Injectable()
export class LocalLimits extends ThrottlerStorageService {}
