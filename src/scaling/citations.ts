/** The papers the tutor cites, once, so every answer names them the same way. */
export const CITATIONS = {
  kaplan2020: 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361',
  hoffmann2022:
    'Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models" (Chinchilla), arXiv:2203.15556',
  epoch2024: 'Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102',
  sardana2024: 'Sardana et al. 2024, "Beyond Chinchilla-Optimal", arXiv:2401.00448',
  llama3: 'Llama Team 2024, "The Llama 3 Herd of Models", arXiv:2407.21783',
  brown2020: 'Brown et al. 2020, "Language Models are Few-Shot Learners" (GPT-3), arXiv:2005.14165',
  touvron2023:
    'Touvron et al. 2023, "LLaMA: Open and Efficient Foundation Language Models", arXiv:2302.13971',
  llama2card: 'Meta, Llama 2 model card (llama-models repository)',
  llama3card: 'Meta, Llama 3 and 3.1 model cards (llama-models repository)',
  chowdhery2022:
    'Chowdhery et al. 2022, "PaLM: Scaling Language Modeling with Pathways", arXiv:2204.02311',
  nvidia: 'NVIDIA A100/H100/B200 datasheets (dense BF16 tensor-core peaks)',
} as const;

export type CitationKey = keyof typeof CITATIONS;
