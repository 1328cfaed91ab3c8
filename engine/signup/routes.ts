import { Router } from 'express';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { ApiError } from '../http/errors.js';
import { presentSignUp, requestSignUp, resendCode, verifyCode, type SignUpDeps } from './sign-up-requests.js';

/**
 * Self-service sign-up (no token: the sign-up id, 128 random bits, is what the client holds):
 * POST signUp, GET signUp/{id}, POST signUp/{id}/verify, POST signUp/{id}/resend.
 */
export function signUpRoutes(deps: SignUpDeps): Router {
  const router = Router();
  const ipOf = (req: { ip?: string | undefined }) => req.ip;
  const show = (s: Parameters<typeof presentSignUp>[1]) => presentSignUp(deps.signUps, s, deps.maxAttempts);

  router.post('/signUp', requireContentType(['application/json']), async (req, res) => {
    const signUp = await requestSignUp(deps, req.body, ipOf(req));
    res.status(201).location(deps.signUps.href(signUp.id)).json(show(signUp));
  });
  router.get('/signUp/:id', async (req, res) => {
    const signUp = await deps.signUps.find(String(req.params['id']));
    if (!signUp) throw new ApiError(404, 'NOT_FOUND', 'SignUp not found', `No sign-up with id ${String(req.params['id'])}`);
    res.json(show(signUp));
  });
  router.post('/signUp/:id/verify', requireContentType(['application/json']), async (req, res) => {
    res.json(show(await verifyCode(deps, String(req.params['id']), req.body, ipOf(req))));
  });
  router.post('/signUp/:id/resend', async (req, res) => {
    res.status(202).json(show(await resendCode(deps, String(req.params['id']), ipOf(req))));
  });
  router.all('/signUp', methodNotAllowed('POST'));
  router.all('/signUp/:id', methodNotAllowed('GET'));
  router.all('/signUp/:id/verify', methodNotAllowed('POST'));
  router.all('/signUp/:id/resend', methodNotAllowed('POST'));
  return router;
}
